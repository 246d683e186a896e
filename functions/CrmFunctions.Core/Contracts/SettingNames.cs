namespace CrmFunctions.Core.Contracts;

/// <summary>
/// Every app setting the code reads, in the environment-variable form used by Functions app settings
/// ("__" separates sections). The infrastructure and the local sample settings are checked against this list.
/// </summary>
public static class SettingNames
{
    /// <summary>Storage connection string (local: UseDevelopmentStorage=true).</summary>
    public const string CrmStorage = "CrmStorage";
    /// <summary>Storage account name for identity-based access (Azure).</summary>
    public const string CrmStorageAccountName = "CrmStorage__accountName";
    /// <summary>Client id of the user-assigned managed identity used for storage.</summary>
    public const string CrmStorageClientId = "CrmStorage__clientId";
    /// <summary>Service Bus namespace for the host's triggers and outputs (Functions mode only).</summary>
    public const string ServiceBusNamespace = "ServiceBusConnection__fullyQualifiedNamespace";
    /// <summary>Client id of the user-assigned identity for Service Bus (the host's triggers and the intake's sends).</summary>
    public const string ServiceBusClientId = "ServiceBusConnection__clientId";
    /// <summary>Prefix of the per-source webhook secrets: Webhooks__Secrets__{source}.</summary>
    public const string WebhookSecretPrefix = "Webhooks__Secrets__";
    /// <summary>Accepted clock skew for signed webhooks, in seconds.</summary>
    public const string WebhookToleranceSeconds = "Webhooks__ToleranceSeconds";
    public const string IntakeMaxBodyBytes = "Intake__MaxBodyBytes";
    public const string IntakeMaxBatchSize = "Intake__MaxBatchSize";
    /// <summary>NCRONTAB (six fields) of the barometer refresh timer.</summary>
    public const string BarometersSchedule = "Barometers__Schedule";
    /// <summary>Comma-separated indicator ids the barometer shows, from the catalogue (default: the six of the issue).</summary>
    public const string BarometersIndicators = "Barometers__Indicators";
    /// <summary>Prefix of per-indicator levels: Barometers__Thresholds__{indicatorId}__Warn, __Alert, __MinimumSample.</summary>
    public const string BarometersThresholdPrefix = "Barometers__Thresholds__";
    /// <summary>Match score from which an arriving contact merges into a golden record without review.</summary>
    public const string PipelineAutoMergeThreshold = "Pipeline__AutoMergeThreshold";
    /// <summary>Match score from which an arriving contact is kept as a possible duplicate for review.</summary>
    public const string PipelineReviewThreshold = "Pipeline__ReviewThreshold";
    /// <summary>Country (ISO alpha-2) for phones and postcodes of contacts that give none.</summary>
    public const string PipelineDefaultCountry = "Pipeline__DefaultCountry";
    /// <summary>Golden records sharing a blocking key above which the key is no longer read.</summary>
    public const string PipelineMaxBlockSize = "Pipeline__MaxBlockSize";
    /// <summary>File of a match model learnt with "model train"; the built-in model when empty.</summary>
    public const string PipelineModelPath = "Pipeline__ModelPath";
    /// <summary>Local trigger runner (standalone mode only): attempts before a message goes to {queue}-poison.</summary>
    public const string RunnerMaxAttempts = "Runner__MaxAttempts";
    /// <summary>Local trigger runner (standalone mode only): messages processed at once per queue.</summary>
    public const string RunnerConcurrency = "Runner__Concurrency";
    /// <summary>Local trigger runner (standalone mode only): how long a received message stays hidden.</summary>
    public const string RunnerVisibilityTimeoutSeconds = "Runner__VisibilityTimeoutSeconds";
}

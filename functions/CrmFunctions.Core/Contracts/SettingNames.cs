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
    /// <summary>Prefix of the per-source webhook secrets: see <see cref="WebhookSecret"/>.</summary>
    public const string WebhookSecretPrefix = "Webhooks__Secrets__";
    /// <summary>Accepted clock skew for signed webhooks, in seconds.</summary>
    public const string WebhookToleranceSeconds = "Webhooks__ToleranceSeconds";
    public const string IntakeMaxBodyBytes = "Intake__MaxBodyBytes";
    public const string IntakeMaxBatchSize = "Intake__MaxBatchSize";
    /// <summary>NCRONTAB (six fields) of the barometer refresh timer.</summary>
    public const string BarometersSchedule = "Barometers__Schedule";
    /// <summary>Comma-separated indicator ids the barometer shows, from the catalogue (default: the six of the issue).</summary>
    public const string BarometersIndicators = "Barometers__Indicators";
    /// <summary>Prefix of per-indicator levels: see <see cref="BarometerThreshold"/>.</summary>
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
    /// <summary>Secret of the guest keys (HMAC-SHA256) the barometer ledger and the stays file a guest's facts under.</summary>
    public const string PrivacyKeySecret = "Privacy__KeySecret";
    /// <summary>Days the raw archive keeps a payload before the retention sweep (and Azure's lifecycle rule) deletes it.</summary>
    public const string PrivacyRawRetentionDays = "Privacy__RawRetentionDays";
    /// <summary>Days a fact row keeps the guest's e-mail, phone, comment and links before the retention sweep anonymizes it.</summary>
    public const string PrivacyFactRetentionDays = "Privacy__FactRetentionDays";
    /// <summary>NCRONTAB (six fields) of the retention sweep timer.</summary>
    public const string PrivacyRetentionSchedule = "Privacy__RetentionSchedule";
    /// <summary>Base address of Brevo's API (default https://api.brevo.com); a local stand-in in tests.</summary>
    public const string CampaignsBrevoBaseUrl = "Campaigns__Brevo__BaseUrl";
    /// <summary>Brevo API key, sent as header api-key (Azure: a Key Vault reference).</summary>
    public const string CampaignsBrevoApiKey = "Campaigns__Brevo__ApiKey";
    /// <summary>Sender name or number of the SMS sent through Brevo (11 letters or 15 digits at most).</summary>
    public const string CampaignsBrevoSmsSender = "Campaigns__Brevo__SmsSender";
    /// <summary>Prefix of the Brevo template ids: Campaigns__Brevo__Templates__{kind}__{language}, '-' in the kind written '_'.</summary>
    public const string CampaignsBrevoTemplatePrefix = "Campaigns__Brevo__Templates__";
    /// <summary>Prefix of the SMS texts: Campaigns__Brevo__SmsTexts__{kind}__{language}, '-' in the kind written '_'.</summary>
    public const string CampaignsBrevoSmsTextPrefix = "Campaigns__Brevo__SmsTexts__";
    /// <summary>Address the signed outbound webhook posts campaign triggers to.</summary>
    public const string CampaignsWebhookUrl = "Campaigns__Webhook__Url";
    /// <summary>Signing secret of the outbound webhook (Standard Webhooks; "whsec_" + base64, or text).</summary>
    public const string CampaignsWebhookSecret = "Campaigns__Webhook__Secret";
    /// <summary>Prefix of the destination per trigger kind: Campaigns__Destinations__{kind} = brevo | webhook.</summary>
    public const string CampaignsDestinationPrefix = "Campaigns__Destinations__";
    /// <summary>Most campaign messages sent to one guest in seven days; further triggers are skipped.</summary>
    public const string CampaignsMaxPerGuestPerWeek = "Campaigns__MaxPerGuestPerWeek";
    /// <summary>Minutes dispatch to a destination pauses after it refused our credentials (401).</summary>
    public const string CampaignsPauseMinutesOnUnauthorized = "Campaigns__PauseMinutesOnUnauthorized";
    /// <summary>Incoming webhook of the managers' channel (Slack, Teams): each barometer refresh's alert digest is posted there as {"text": ...}.</summary>
    public const string CampaignsAlertsWebhookUrl = "Campaigns__Alerts__WebhookUrl";
    /// <summary>Address the app is reached at, for the dashboard links of the alert digests (default http://localhost:7071).</summary>
    public const string CampaignsAlertsDashboardUrl = "Campaigns__Alerts__DashboardUrl";
    /// <summary>Sender address (registered with Brevo) of the alert digest e-mails.</summary>
    public const string CampaignsAlertsSender = "Campaigns__Alerts__Sender";
    /// <summary>Prefix of the managers' e-mail lists: Campaigns__Alerts__Emails__{property, see Key} or __default, addresses separated by ';'.</summary>
    public const string CampaignsAlertsEmailsPrefix = "Campaigns__Alerts__Emails__";
    /// <summary>Local time (HH:mm) at the property from which no campaign message is sent (default 21:00).</summary>
    public const string CampaignsQuietHoursStart = "Campaigns__QuietHours__Start";
    /// <summary>Local time (HH:mm) at the property when sending resumes (default 09:00); equal to the start for no quiet hours.</summary>
    public const string CampaignsQuietHoursEnd = "Campaigns__QuietHours__End";
    /// <summary>IANA time zone of properties without their own, and of triggers that name no property (default Europe/Paris).</summary>
    public const string CampaignsTimeZone = "Campaigns__TimeZone";
    /// <summary>Prefix of the time zone per property: Campaigns__TimeZones__{property}, the property id written as in <see cref="Key"/>.</summary>
    public const string CampaignsTimeZonePrefix = "Campaigns__TimeZones__";
    /// <summary>Local trigger runner (standalone mode only): attempts before a message goes to {queue}-poison.</summary>
    public const string RunnerMaxAttempts = "Runner__MaxAttempts";
    /// <summary>Local trigger runner (standalone mode only): messages processed at once per queue.</summary>
    public const string RunnerConcurrency = "Runner__Concurrency";
    /// <summary>Local trigger runner (standalone mode only): how long a received message stays hidden.</summary>
    public const string RunnerVisibilityTimeoutSeconds = "Runner__VisibilityTimeoutSeconds";

    /// <summary>
    /// The app setting holding a webhook source's signing secret: Webhooks__Secrets__{source} with '-' written '_' (see <see cref="Key"/>).
    /// App Service on Linux passes on only the letters, digits and '_' of a setting name (a '.' becomes '_', anything
    /// else is dropped), so the secret of "campaign-events" is Webhooks__Secrets__campaign_events.
    /// </summary>
    public static string WebhookSecret(string source) => WebhookSecretPrefix + WebhookSecretKey(source);

    /// <summary>The key of a source's secret in the Webhooks:Secrets section (see <see cref="WebhookSecret"/>).</summary>
    public static string WebhookSecretKey(string source) => Key(source);

    /// <summary>
    /// The app setting holding one level (Warn, Alert, MinimumSample) of an indicator:
    /// Barometers__Thresholds__{indicator id with '.' and '-' written '_'}__{level}, so the levels of
    /// "calls.service-level" are Barometers__Thresholds__calls_service_level__Warn, __Alert and __MinimumSample.
    /// </summary>
    public static string BarometerThreshold(string indicatorId, string level) =>
        BarometersThresholdPrefix + BarometerThresholdKey(indicatorId) + "__" + level;

    /// <summary>The key of an indicator's levels in the Barometers:Thresholds section (see <see cref="BarometerThreshold"/>).</summary>
    public static string BarometerThresholdKey(string indicatorId) => Key(indicatorId);

    /// <summary>
    /// A user-chosen name (a source, an indicator id, a segment) as it is written inside a setting name: every
    /// character but a letter, a digit or '_' written '_'. It is the one form App Service on Linux passes on unchanged.
    /// </summary>
    public static string Key(string name) => string.Create(name.Length, name, static (key, name) =>
    {
        for (var i = 0; i < name.Length; i++)
            key[i] = IsKeyCharacter(name[i]) ? name[i] : '_';
    });

    /// <summary>Whether a name can stand in a setting name as it is (see <see cref="Key"/>).</summary>
    public static bool IsKey(string name) => name.Length > 0 && name.All(IsKeyCharacter);

    /// <summary>
    /// The name among <paramref name="names"/> that App Service on Linux delivers as <paramref name="key"/> when the name
    /// is written as it is ("calls_servicelevel" for "calls.service-level": the '.' changed, the '-' dropped), or null.
    /// </summary>
    public static string? RenamedFrom(string key, IEnumerable<string> names) =>
        names.FirstOrDefault(name => !string.Equals(Key(name), key, StringComparison.OrdinalIgnoreCase)
            && string.Equals(LettersAndDigits(name), LettersAndDigits(key), StringComparison.OrdinalIgnoreCase));

    private static string LettersAndDigits(string text) => string.Concat(text.Where(char.IsAsciiLetterOrDigit));

    private static bool IsKeyCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}

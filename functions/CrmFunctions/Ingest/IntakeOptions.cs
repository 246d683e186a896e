namespace CrmFunctions.Ingest;

/// <summary>Intake limits and webhook settings, bound from the Intake and Webhooks configuration sections.</summary>
public sealed class IntakeOptions
{
    /// <summary>Largest accepted body; a batch of 500 full contacts fits well under it.</summary>
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxBatchSize { get; set; } = 500;
}

public sealed class WebhookOptions
{
    /// <summary>
    /// Secret per source ("surveys", "typeform", "campaign_events", ...), keyed as SettingNames.WebhookSecretKey
    /// writes a source's name. A source without a secret is refused.
    /// </summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How far a signed timestamp may be from our clock before it is treated as a replay.</summary>
    public int ToleranceSeconds { get; set; } = 300;
}

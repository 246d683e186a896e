using CrmFunctions.Core.Contracts;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Refuses, at start-up, a secret set under the source's name as written (Webhooks__Secrets__campaign-events) where
/// a '-' would get through (local.settings.json, a workstation's environment): in Azure, App Service on Linux drops
/// it and the source would be refused. One name, the one that works everywhere, is named in the message.
/// </summary>
public sealed class WebhookSecretNames : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options) =>
        options.Secrets.Keys.FirstOrDefault(source => !SettingNames.IsKey(source)) is { } misnamed
            ? ValidateOptionsResult.Fail(
                $"Setting {SettingNames.WebhookSecretPrefix}{misnamed}: write the source with '_' for '-', as {SettingNames.WebhookSecret(misnamed)} " +
                "(App Service on Linux passes on only the letters, digits and '_' of a setting name).")
            : ValidateOptionsResult.Success;
}

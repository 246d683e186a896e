using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Campaigns;

/// <summary>Where campaign triggers go and under which limits (section "Campaigns").</summary>
public sealed class CampaignsOptions
{
    public BrevoOptions Brevo { get; set; } = new();

    public CampaignWebhookOptions Webhook { get; set; } = new();

    /// <summary>The managers' channels for the barometer's alert digests.</summary>
    public ManagerAlerts.ManagerAlertsOptions Alerts { get; set; } = new();

    /// <summary>
    /// Trigger kind (with '-' written '_', as in a setting name) → "brevo" or "webhook". A kind without one is not
    /// delivered: its messages are parked with the reason, to be replayed once a destination is set.
    /// </summary>
    public Dictionary<string, string> Destinations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Most messages one guest receives in seven days, all kinds together; 0 for no cap.</summary>
    public int MaxPerGuestPerWeek { get; set; } = 3;

    /// <summary>How long dispatch to a destination pauses after it refused our credentials.</summary>
    public int PauseMinutesOnUnauthorized { get; set; } = 15;

    /// <summary>Local hours of the property in which nothing is sent: a trigger due then is deferred to their end, not dropped.</summary>
    public QuietHoursOptions QuietHours { get; set; } = new();

    /// <summary>IANA zone of a property without its own in <see cref="TimeZones"/>, and of triggers that name no property.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Property id (written as in a setting name, see SettingNames.Key) → IANA zone.</summary>
    public Dictionary<string, string> TimeZones { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What would only show when a message is sent (a zone that does not exist, an address that is not one, a
    /// destination misspelt), told at start-up with the setting to fix. Kinds without a destination, template or key
    /// are not errors: their triggers are parked, named, until the operator sets them.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (Url(SettingNames.CampaignsBrevoBaseUrl, Brevo.BaseUrl, required: true) is { } brevo) yield return brevo;
        if (Url(SettingNames.CampaignsWebhookUrl, Webhook.Url, required: false) is { } webhook) yield return webhook;
        if (Url(SettingNames.CampaignsAlertsWebhookUrl, Alerts.WebhookUrl, required: false) is { } alerts) yield return alerts;
        if (Url(SettingNames.CampaignsAlertsDashboardUrl, Alerts.DashboardUrl, required: true) is { } dashboard) yield return dashboard;
        if (MaxPerGuestPerWeek < 0) yield return $"{SettingNames.CampaignsMaxPerGuestPerWeek} must be 0 (no cap) or more (it is {MaxPerGuestPerWeek}).";
        if (PauseMinutesOnUnauthorized < 1)
            yield return $"{SettingNames.CampaignsPauseMinutesOnUnauthorized} must be 1 or more (it is {PauseMinutesOnUnauthorized}).";
        foreach (var (kind, destination) in Destinations)
            if (destination is not (CrmFunctions.Campaigns.Destinations.Brevo or CrmFunctions.Campaigns.Destinations.Webhook))
                yield return $"{SettingNames.CampaignsDestinationPrefix}{kind} must be \"{CrmFunctions.Campaigns.Destinations.Brevo}\" or \"{CrmFunctions.Campaigns.Destinations.Webhook}\".";
        if (Zone(SettingNames.CampaignsTimeZone, TimeZone) is { } zone) yield return zone;
        foreach (var (property, id) in TimeZones)
            if (Zone(SettingNames.CampaignsTimeZonePrefix + property, id) is { } problem) yield return problem;
    }

    private static string? Url(string setting, string? value, bool required) =>
        string.IsNullOrEmpty(value) ? (required ? $"{setting} must be set." : null)
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null
        : $"{setting} must be an absolute http(s) address.";

    private static string? Zone(string setting, string id) =>
        FindZone(id) is null ? $"{setting} must be an IANA time zone such as Europe/Paris (it is \"{id}\")." : null;

    /// <summary>The zone of an IANA id, or null when this machine knows no such zone.</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}

public sealed class QuietHoursOptions
{
    public TimeOnly Start { get; set; } = new(21, 0);

    /// <summary>Before <see cref="Start"/> for a window across midnight; equal to it for no quiet hours.</summary>
    public TimeOnly End { get; set; } = new(9, 0);
}

public sealed class BrevoOptions
{
    public string BaseUrl { get; set; } = "https://api.brevo.com";

    public string? ApiKey { get; set; }

    public string? SmsSender { get; set; }

    /// <summary>Kind (with '-' written '_') → language → Brevo template id; language "default" is used for any other.</summary>
    public Dictionary<string, Dictionary<string, string>> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Kind (with '-' written '_') → language → SMS text; language "default" is used for any other.</summary>
    public Dictionary<string, Dictionary<string, string>> SmsTexts { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class CampaignWebhookOptions
{
    public string? Url { get; set; }

    public string? Secret { get; set; }
}

public static class Destinations
{
    public const string Brevo = "brevo";
    public const string Webhook = "webhook";
}

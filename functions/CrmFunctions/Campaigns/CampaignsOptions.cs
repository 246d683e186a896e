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

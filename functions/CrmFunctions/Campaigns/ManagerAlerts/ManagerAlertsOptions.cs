namespace CrmFunctions.Campaigns.ManagerAlerts;

/// <summary>Where the barometer's alert digests go (section "Campaigns:Alerts").</summary>
public sealed class ManagerAlertsOptions
{
    /// <summary>An incoming webhook (Slack, Teams, or anything reading {"text": ...}): one post per digest.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Where the app is reached: the links go to {DashboardUrl}/api/dashboard.</summary>
    public string DashboardUrl { get; set; } = "http://localhost:7071";

    /// <summary>The sender address of the e-mails (a sender registered with Brevo).</summary>
    public string? Sender { get; set; }

    /// <summary>
    /// Property (written as in a setting name: see SettingNames.Key) or "default" → addresses separated by ';'.
    /// Personal data: never logged.
    /// </summary>
    public Dictionary<string, string> Emails { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool HasEmails => Emails.Values.Any(v => ManagerRecipients.Split(v).Count > 0);

    public bool HasWebhook => WebhookUrl is { Length: > 0 };
}

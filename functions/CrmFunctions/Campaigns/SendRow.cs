using Azure;

namespace CrmFunctions.Campaigns;

/// <summary>Where one trigger stands with its provider.</summary>
public static class SendStatus
{
    /// <summary>Reserved: the provider is being (or was, before a crash) called.</summary>
    public const string Sending = "sending";
    public const string Sent = "sent";
    /// <summary>The provider said it did not take it (429, 5xx, 401): a later delivery may send.</summary>
    public const string Retrying = "retrying";
    /// <summary>Refused for good by the provider, with its error code.</summary>
    public const string Failed = "failed";
    /// <summary>Consent, suppression, the weekly cap or a vanished guest stopped it.</summary>
    public const string Skipped = "skipped";
    /// <summary>A crash left it "sending" with a provider that cannot tell a repeat: not sent again, for a person to check.</summary>
    public const string Uncertain = "uncertain";

    public static IReadOnlyList<string> All { get; } = [Sending, Sent, Retrying, Failed, Skipped, Uncertain];
}

/// <summary>One trigger in the sent-log: ids, kind, channel, status and provider message id, never an address or a name.</summary>
public sealed record SendRow
{
    public required string DeduplicationKey { get; init; }
    public required string Kind { get; init; }
    public required string Reason { get; init; }
    public required string Channel { get; init; }
    public required string ContactId { get; init; }
    public string? TemplateKey { get; init; }
    public string? Language { get; init; }
    public string? ResponseId { get; init; }
    /// <summary>The survey a survey invitation invites to, and its property: its delivery counts in the response rate.</summary>
    public string? SurveyId { get; init; }
    public string? PropertyId { get; init; }
    public string? Destination { get; init; }
    public required string Status { get; init; }
    public string? ProviderMessageId { get; init; }
    /// <summary>Why it was skipped, or the provider's error code; never guest data.</summary>
    public string? Detail { get; init; }
    public DateTimeOffset? ReservedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    /// <summary>The provider's latest event about the message (delivered, opened, clicked, bounced, ...) and its time.</summary>
    public string? Delivery { get; init; }
    public DateTimeOffset? DeliveryAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public ETag ETag { get; init; }
}

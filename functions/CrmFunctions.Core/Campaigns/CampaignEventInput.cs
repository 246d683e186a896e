using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Campaigns;

/// <summary>
/// One e-mail/SMS platform event in our documented JSON. Providers with their own format (Brevo) go through an adapter.
/// A "delivered" event of a survey invitation carries propertyId and surveyId (and segment when known): an inbound SMS
/// reply to the same campaign and phone takes them to become an NPS answer.
/// </summary>
public sealed record CampaignEventInput
{
    /// <summary>The sending platform ("brevo", "twilio", "own-smtp"): with messageId, type and time it identifies the event.</summary>
    public string? Provider { get; init; }
    /// <summary>The platform's message id (for an inbound reply: the inbound message's id).</summary>
    public string? MessageId { get; init; }
    public string? CampaignId { get; init; }
    /// <summary>delivered, opened, clicked, bounced, unsubscribed, spam_complaint or inbound_reply.</summary>
    public string? Type { get; init; }
    public DateTimeOffset? Time { get; init; }
    /// <summary>email or sms; when absent, sms if only a phone is given, otherwise email.</summary>
    public string? Channel { get; init; }
    public ContactPoint? Contact { get; init; }
    public string? PropertyId { get; init; }
    /// <summary>The questionnaire an invitation points to.</summary>
    public string? SurveyId { get; init; }
    public string? Segment { get; init; }
    /// <summary>The text of an inbound reply.</summary>
    public string? Text { get; init; }
    /// <summary>The clicked link (clicked).</summary>
    public string? Link { get; init; }
    /// <summary>Why a message bounced, as the platform says it.</summary>
    public string? Reason { get; init; }
    /// <summary>The platform's own event name when it differs from type (hard_bounce, unique_opened...).</summary>
    public string? ProviderEvent { get; init; }
    /// <summary>
    /// The guest's IP address, where the platform recorded one with an unsubscribe (its unsubscribe page): kept only as
    /// the withdrawal's evidence in the golden record, not on the event row.
    /// </summary>
    public string? Ip { get; init; }

    public string EffectiveChannel => Channel?.ToLowerInvariant()
        ?? (Contact is { Email: null, Phone: not null } ? CampaignVocabulary.Sms : CampaignVocabulary.Email);
}

public static class CampaignVocabulary
{
    public const string Delivered = "delivered";
    public const string Opened = "opened";
    public const string Clicked = "clicked";
    public const string Bounced = "bounced";
    public const string Unsubscribed = "unsubscribed";
    public const string SpamComplaint = "spam_complaint";
    public const string InboundReply = "inbound_reply";
    public const string Email = "email";
    public const string Sms = "sms";

    public static readonly IReadOnlyList<string> Types = [Delivered, Opened, Clicked, Bounced, Unsubscribed, SpamComplaint, InboundReply];
    public static readonly IReadOnlyList<string> Channels = [Email, Sms];

    /// <summary>Events that withdraw the guest's consent for the channel they came through.</summary>
    public static bool WithdrawsConsent(string type) =>
        type.Equals(Unsubscribed, StringComparison.OrdinalIgnoreCase) || type.Equals(SpamComplaint, StringComparison.OrdinalIgnoreCase);
}

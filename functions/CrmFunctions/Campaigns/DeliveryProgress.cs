using CrmFunctions.Core.Campaigns;

namespace CrmFunctions.Campaigns;

/// <summary>
/// What the provider's events say became of a sent message: the latest event wins. Events come out of order (a batched
/// webhook, a retry), so "latest" is by the event's own time; two events in the same second (Brevo's times are in
/// seconds) are ordered by how far along the message they are.
/// </summary>
public static class DeliveryProgress
{
    // Later in the list = further along; a bounce or a complaint ends the story whatever came before in that second.
    private static readonly IReadOnlyList<string> Order =
    [
        CampaignVocabulary.Delivered, CampaignVocabulary.Opened, CampaignVocabulary.Clicked,
        CampaignVocabulary.Unsubscribed, CampaignVocabulary.SpamComplaint, CampaignVocabulary.Bounced,
    ];

    /// <summary>Event types that say something about a message we sent (an inbound reply is a message of its own).</summary>
    public static bool Tracks(string? type) => type is not null && Order.Contains(type.ToLowerInvariant());

    /// <summary>Whether an event of <paramref name="type"/> at <paramref name="at"/> replaces the delivery status recorded so far.</summary>
    public static bool Supersedes(string type, DateTimeOffset at, string? recorded, DateTimeOffset? recordedAt) =>
        recordedAt is not { } before || at > before || at == before && Rank(type) > Rank(recorded);

    /// <summary>
    /// Whether an event from <paramref name="provider"/> can be about a message sent to <paramref name="destination"/>:
    /// Brevo's ids are Brevo's; a webhook receiver relays events under the name of whatever platform it uses.
    /// </summary>
    public static bool SameProvider(string? destination, string? provider) =>
        destination != Destinations.Brevo || string.Equals(provider, BrevoAdapter.Provider, StringComparison.OrdinalIgnoreCase);

    private static int Rank(string? type) => type is null ? -1 : IndexOf(type.ToLowerInvariant());

    private static int IndexOf(string type)
    {
        for (var i = 0; i < Order.Count; i++)
            if (Order[i] == type) return i;
        return -1;
    }
}

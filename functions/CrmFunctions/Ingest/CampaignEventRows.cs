using CrmFunctions.Core.Campaigns;
using CrmFunctions.Core.Intake;
using CrmFunctions.Storage;

namespace CrmFunctions.Ingest;

/// <summary>
/// CampaignEvents table. Partition = the UTC day we received the delivery (yyyyMMdd); row = "ce-" + hash(provider,
/// messageId, provider event (or type), event time in Unix ms), so a redelivered event lands on the same row.
/// Columns: Source (the webhook source), Provider, MessageId, CampaignId, Type (delivered|opened|clicked|bounced|
/// unsubscribed|spam_complaint|inbound_reply), ProviderEvent (e.g. hard_bounce, unique_opened), Time, Day (yyyy-MM-dd
/// of Time in its own offset), Channel (email|sms), PropertyId, SurveyId, Segment (a "delivered" row with a SurveyId
/// is a SurveyInvitation fact), Link, Reason, Text (inbound replies), Interpretation (nps|unsubscribe for replies),
/// Nps, SurveyRowKey, Email, Phone (personal data, never logged), IngestionId, IngestedAt.
/// </summary>
public static class CampaignEventRows
{
    public static string RowKey(CampaignEventInput e) => SignedBatch.StableKey("ce-", e.Provider!, e.MessageId!,
        (e.ProviderEvent ?? e.Type!).ToLowerInvariant(), e.Time!.Value.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static TableEntity ToEntity(string source, IngestionTicket ticket, CampaignEventInput e) =>
        Rows.WithoutNulls(new TableEntity(SurveyRows.Partition(ticket.ReceivedAt), RowKey(e))
        {
            ["Source"] = source,
            ["Provider"] = e.Provider,
            ["MessageId"] = e.MessageId,
            ["CampaignId"] = e.CampaignId,
            ["Type"] = e.Type!.ToLowerInvariant(),
            ["ProviderEvent"] = e.ProviderEvent,
            ["Time"] = e.Time,
            ["Day"] = e.Time?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Channel"] = e.EffectiveChannel,
            ["PropertyId"] = e.PropertyId,
            ["SurveyId"] = e.SurveyId,
            ["Segment"] = e.Segment,
            ["Link"] = e.Link,
            ["Reason"] = e.Reason,
            ["Text"] = e.Text,
            ["Email"] = e.Contact?.Email,
            ["Phone"] = e.Contact?.Phone,
            ["IngestionId"] = ticket.IngestionId,
            ["IngestedAt"] = ticket.ReceivedAt,
        });
}

/// <summary>
/// CampaignInvitations table: one row per survey invitation delivered by SMS, so that an inbound reply finds its
/// survey with a point read. Partition = the phone's digits (platforms send E.164 both ways), row = provider|campaignId.
/// Columns: Provider, CampaignId, PropertyId, SurveyId, Segment, MessageId, DeliveredAt, IngestionId.
/// </summary>
public static class CampaignInvitationRows
{
    public sealed record Invitation(string? PropertyId, string? SurveyId, string? Segment);

    public static (string Partition, string Row)? Key(string? provider, string? campaignId, string? phone) =>
        ContactPoint.PhoneDigits(phone) is { } digits && !string.IsNullOrWhiteSpace(provider) && !string.IsNullOrWhiteSpace(campaignId)
            ? (digits, TableKey.Encode($"{provider.ToLowerInvariant()}|{campaignId}"))
            : null;

    public static TableEntity? ToEntity(IngestionTicket ticket, CampaignEventInput e) =>
        Key(e.Provider, e.CampaignId, e.Contact?.Phone) is { } key
            ? Rows.WithoutNulls(new TableEntity(key.Partition, key.Row)
            {
                ["Provider"] = e.Provider,
                ["CampaignId"] = e.CampaignId,
                ["PropertyId"] = e.PropertyId,
                ["SurveyId"] = e.SurveyId,
                ["Segment"] = e.Segment,
                ["MessageId"] = e.MessageId,
                ["DeliveredAt"] = e.Time,
                ["IngestionId"] = ticket.IngestionId,
            })
            : null;

    public static Invitation FromEntity(TableEntity row) =>
        new(row.GetString("PropertyId"), row.GetString("SurveyId"), row.GetString("Segment"));
}

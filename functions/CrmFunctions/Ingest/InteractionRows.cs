using CrmFunctions.Core.Interactions;
using CrmFunctions.Storage;

namespace CrmFunctions.Ingest;

/// <summary>
/// Interactions table. Partition = the UTC day we received the delivery (yyyyMMdd, as Surveys), so a barometer
/// refresh reads only the days since its watermark; row = "ix-" + hash(source, id), the same for every delivery of
/// an interaction. A resent or updated interaction (answered, then closed) replaces its row of that day, or, on a
/// later day, adds the newer version to that day: a reader keeps the row with the latest IngestedAt per RowKey.
/// Columns (for the Interaction fact): Source, InteractionId (the sender's id), Channel (phone|email|chat|desk|social),
/// PropertyId, Team, AgentId, Segment, ReceivedAt, AnsweredAt, Abandoned, AbandonedAt, ClosedAt,
/// Type (request|complaint|information), Reason, ResolvedAtFirstContact, Day (yyyy-MM-dd of ReceivedAt in its own
/// offset: the day it counts on), ContactEmail, ContactPhone (personal data, never logged), IngestionId, IngestedAt.
/// Absent values are not stored.
/// </summary>
public static class InteractionRows
{
    public static string RowKey(string source, string id) => SignedBatch.StableKey("ix-", source, id);

    public static TableEntity ToEntity(string source, IngestionTicket ticket, InteractionInput i)
    {
        var entity = new TableEntity(SurveyRows.Partition(ticket.ReceivedAt), RowKey(source, i.Id!))
        {
            ["Source"] = source,
            ["InteractionId"] = i.Id,
            ["Channel"] = i.Channel?.ToLowerInvariant(),
            ["PropertyId"] = i.PropertyId,
            ["Team"] = i.Team,
            ["AgentId"] = i.AgentId,
            ["Segment"] = i.Segment,
            ["ReceivedAt"] = i.ReceivedAt,
            // With its offset: tables keep times in UTC only, and agent-days count on the local calendar.
            ["ReceivedAtLocal"] = i.ReceivedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["AnsweredAt"] = i.AnsweredAt,
            ["Abandoned"] = i.Abandoned ?? false,
            ["AbandonedAt"] = i.AbandonedAt,
            ["ClosedAt"] = i.ClosedAt,
            ["Type"] = i.Type?.ToLowerInvariant(),
            ["Reason"] = i.Reason,
            ["ResolvedAtFirstContact"] = i.ResolvedAtFirstContact,
            ["Day"] = i.ReceivedAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["ContactEmail"] = i.Contact?.Email,
            ["ContactPhone"] = i.Contact?.Phone,
            ["IngestionId"] = ticket.IngestionId,
            ["IngestedAt"] = ticket.ReceivedAt,
        };
        return Rows.WithoutNulls(entity);
    }
}

public static class Rows
{
    public static TableEntity WithoutNulls(TableEntity entity)
    {
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
            entity.Remove(key);
        return entity;
    }
}

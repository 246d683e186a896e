using Azure;
using CrmFunctions.Storage;

namespace CrmFunctions.Campaigns;

/// <summary>
/// Table CampaignSends. One row per trigger (partition = its de-duplication key, row "trigger"), so a redelivered
/// message finds what became of it with one point read; and one row per message sent to a guest (partition
/// "guest|{contactId}", row = the key), so the weekly cap reads one partition; and one row per provider message id
/// (partition "message|{id}", row "message") pointing at its trigger, so a provider's event finds the trigger with
/// point reads.
/// </summary>
public sealed class SentLog(TableClient table)
{
    private const string TriggerRow = "trigger";
    private const string MessageRow = "message";
    private const int DeliveryAttempts = 3;

    public async Task<SendRow?> GetAsync(string deduplicationKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityOrDefaultAsync(TableKey.Encode(deduplicationKey), TriggerRow, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    /// <summary>
    /// Reserves a send as <paramref name="reserved"/> ("sending"): a first row when nothing was read
    /// (<paramref name="existing"/> null), else over the row read, by its ETag. False when another delivery wrote or
    /// changed the row since: that delivery holds the send.
    /// </summary>
    public Task<bool> TryReserveAsync(SendRow reserved, SendRow? existing, CancellationToken cancellationToken) =>
        existing is null ? TryAddAsync(reserved, cancellationToken) : TryReplaceAsync(reserved, cancellationToken);

    /// <summary>Writes a first row; false when another delivery wrote one first.</summary>
    private async Task<bool> TryAddAsync(SendRow row, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(ToEntity(row), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the row read as <paramref name="row"/>'s ETag; false when another delivery changed it since.</summary>
    private async Task<bool> TryReplaceAsync(SendRow row, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(ToEntity(row), row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Writes the row whatever is there: only the delivery that holds the reservation records an answer.</summary>
    public Task WriteAsync(SendRow row, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(ToEntity(row), TableUpdateMode.Replace, cancellationToken);

    public Task CountSendAsync(string contactId, string deduplicationKey, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(GuestPartition(contactId), TableKey.Encode(deduplicationKey))
        {
            ["SentAt"] = sentAt,
            // What an erasure or an access request finds the row by.
            ["ContactId"] = contactId,
        },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>Files the provider's message id of a sent trigger, for the events that come back about it.</summary>
    public Task IndexMessageAsync(SendRow sent, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(MessagePartition(sent.ProviderMessageId!), MessageRow)
        {
            ["DeduplicationKey"] = sent.DeduplicationKey,
            ["Destination"] = sent.Destination,
            ["SentAt"] = sent.SentAt,
            // What an erasure or an access request finds the row by.
            ["ContactId"] = sent.ContactId,
        },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>The trigger sent as this provider message id, or null when this system did not send it.</summary>
    public async Task<SendRow?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken)
    {
        var index = await table.GetEntityOrDefaultAsync(MessagePartition(messageId), MessageRow, ["DeduplicationKey"], cancellationToken)
            .ConfigureAwait(false);
        return index?.GetString("DeduplicationKey") is { } key ? await GetAsync(key, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Records a provider event on the trigger sent as <paramref name="messageId"/> when it is later than the one recorded
    /// (<see cref="DeliveryProgress"/>). Returns the trigger, or null when the message is not one of ours.
    /// </summary>
    public async Task<SendRow?> RecordDeliveryAsync(string messageId, string? provider, string type, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await FindByMessageIdAsync(messageId, cancellationToken).ConfigureAwait(false);
            if (row is null || !DeliveryProgress.SameProvider(row.Destination, provider))
                return null;
            if (!DeliveryProgress.Supersedes(type, at, row.Delivery, row.DeliveryAt))
                return row;
            try
            {
                // Merge with the ETag read: the row's other columns stay as dispatch wrote them, and of two events
                // recorded at once the one that read the row last does not overwrite a later one unseen.
                await table.UpdateEntityAsync(new TableEntity(TableKey.Encode(row.DeduplicationKey), TriggerRow)
                {
                    ["Delivery"] = type,
                    ["DeliveryAt"] = at,
                }, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return row with { Delivery = type, DeliveryAt = at };
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404 && attempt < DeliveryAttempts)
            {
                // Changed since read: read it again.
            }
        }
    }

    public async Task<int> SentSinceAsync(string contactId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {GuestPartition(contactId)} and SentAt ge {since}"), select: ["PartitionKey"],
            cancellationToken: cancellationToken).ConfigureAwait(false))
            count++;
        return count;
    }

    /// <summary>
    /// The latest triggers, optionally of one status. A scan of the trigger rows: fine for an operator's look at
    /// recent activity, not for a report over years.
    /// </summary>
    public async Task<IReadOnlyList<SendRow>> ListAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        var filter = status is null
            ? TableClient.CreateQueryFilter($"RowKey eq {TriggerRow}")
            : TableClient.CreateQueryFilter($"RowKey eq {TriggerRow} and Status eq {status}");
        var rows = new List<SendRow>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            rows.Add(FromEntity(entity));
        return [.. rows.OrderByDescending(r => r.UpdatedAt).Take(limit)];
    }

    private static string GuestPartition(string contactId) => "guest|" + TableKey.Encode(contactId);

    private static string MessagePartition(string messageId) => "message|" + TableKey.Encode(messageId);

    private static TableEntity ToEntity(SendRow row) => new(TableKey.Encode(row.DeduplicationKey), TriggerRow)
    {
        ["DeduplicationKey"] = row.DeduplicationKey,
        ["Kind"] = row.Kind,
        ["Reason"] = row.Reason,
        ["Channel"] = row.Channel,
        ["ContactId"] = row.ContactId,
        ["TemplateKey"] = row.TemplateKey,
        ["Language"] = row.Language,
        ["ResponseId"] = row.ResponseId,
        ["SurveyId"] = row.SurveyId,
        ["PropertyId"] = row.PropertyId,
        ["Destination"] = row.Destination,
        ["Status"] = row.Status,
        ["ProviderMessageId"] = row.ProviderMessageId,
        ["Detail"] = row.Detail,
        ["ReservedAt"] = row.ReservedAt,
        ["SentAt"] = row.SentAt,
        ["Delivery"] = row.Delivery,
        ["DeliveryAt"] = row.DeliveryAt,
        ["UpdatedAt"] = row.UpdatedAt,
    };

    private static SendRow FromEntity(TableEntity entity) => new()
    {
        DeduplicationKey = entity.GetString("DeduplicationKey"),
        Kind = entity.GetString("Kind"),
        Reason = entity.GetString("Reason"),
        Channel = entity.GetString("Channel"),
        ContactId = entity.GetString("ContactId"),
        TemplateKey = entity.GetString("TemplateKey"),
        Language = entity.GetString("Language"),
        ResponseId = entity.GetString("ResponseId"),
        SurveyId = entity.GetString("SurveyId"),
        PropertyId = entity.GetString("PropertyId"),
        Destination = entity.GetString("Destination"),
        Status = entity.GetString("Status"),
        ProviderMessageId = entity.GetString("ProviderMessageId"),
        Detail = entity.GetString("Detail"),
        ReservedAt = entity.GetDateTimeOffset("ReservedAt"),
        SentAt = entity.GetDateTimeOffset("SentAt"),
        Delivery = entity.GetString("Delivery"),
        DeliveryAt = entity.GetDateTimeOffset("DeliveryAt"),
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
        ETag = entity.ETag,
    };
}

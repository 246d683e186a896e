using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs.Models;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Messaging;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Ingest;

/// <summary>
/// The "accepted means archived" path shared by every intake endpoint: reserve the idempotency key,
/// archive the raw body write-once, store the records, queue the messages, then mark it done.
/// Each step can be repeated after a failure without duplicating anything, so a client retry is safe.
/// </summary>
public sealed class IngestionService(StorageServices storage, IQueueSender queues, GuestKeyer guestKeys, TimeProvider clock,
    ILogger<IngestionService> logger)
{
    public async Task<IngestionResult> AcceptAsync(IngestionRequest request, CancellationToken cancellationToken)
    {
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(request.RawBody.Span));
        var reservation = await ReserveAsync(request, bodyHash, cancellationToken);
        if (reservation.CompletedReceipt is { } receipt)
        {
            logger.LogInformation("Ingestion {IngestionId} ({Kind}) replayed", reservation.Ticket.IngestionId, request.Kind);
            return new IngestionResult(reservation.Ticket, RawBlobPath(request.Kind, reservation.Ticket), true, receipt);
        }

        var ticket = reservation.Ticket;
        var rawBlob = RawBlobPath(request.Kind, ticket);
        try
        {
            await ArchiveAsync(request, ticket, rawBlob, bodyHash, cancellationToken);
            var work = request.Prepare(ticket);
            await WriteRowsAsync(work.Rows, ticket, cancellationToken);
            await SendMessagesAsync(work.Messages, ticket, cancellationToken);
            await WriteLogAsync(request, ticket, rawBlob, "queued", work, cancellationToken);
            if (request.IdempotencyKey is not null)
                await CompleteReservationAsync(request, ticket, bodyHash, work.Receipt, cancellationToken);
            logger.LogInformation("Ingestion {IngestionId} ({Kind}, source {Source}) accepted: {Records} records, {Messages} messages",
                ticket.IngestionId, request.Kind, request.Source, work.RecordCount, work.Messages.Count);
            return new IngestionResult(ticket, rawBlob, false, work.Receipt);
        }
        catch (RequestFailedException e)
        {
            logger.LogError(e, "Ingestion {IngestionId} ({Kind}) could not be completed: {Status} {ErrorCode}",
                ticket.IngestionId, request.Kind, e.Status, e.ErrorCode);
            await TryMarkIncompleteAsync(request, ticket, rawBlob);
            throw new StorageUnavailableException(ticket.IngestionId, e);
        }
    }

    /// <summary>
    /// Best effort, so the status endpoint tells an operator what the archive already shows. The raw blob
    /// (with its metadata) is the durable record; a client retry with the same key completes the ingestion.
    /// </summary>
    private async Task TryMarkIncompleteAsync(IngestionRequest request, IngestionTicket ticket, string rawBlob)
    {
        try
        {
            var empty = new IngestionWork([], [], 0, new JsonObject());
            await WriteLogAsync(request, ticket, rawBlob, "incomplete", empty, CancellationToken.None);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException)
        {
            logger.LogWarning("Ingestion {IngestionId}: status could not be recorded either", ticket.IngestionId);
        }
    }

    public static string RawBlobPath(string kind, IngestionTicket ticket) =>
        $"{kind}/{ticket.ReceivedAt:yyyy}/{ticket.ReceivedAt:MM}/{ticket.ReceivedAt:dd}/{ticket.IngestionId}.json";

    private sealed record Reservation(IngestionTicket Ticket, JsonObject? CompletedReceipt);

    private async Task<Reservation> ReserveAsync(IngestionRequest request, string bodyHash, CancellationToken cancellationToken)
    {
        var ticket = new IngestionTicket(IngestionIds.New(clock.GetUtcNow()), clock.GetUtcNow());
        if (request.IdempotencyKey is null)
            return new Reservation(ticket, null);

        var table = storage.GetTableClient(TableNames.Idempotency);
        var rowKey = TableKey.Encode(request.IdempotencyKey);
        var entity = new TableEntity(request.Kind, rowKey)
        {
            ["IngestionId"] = ticket.IngestionId,
            ["ReceivedAt"] = ticket.ReceivedAt,
            ["BodyHash"] = bodyHash,
            ["Status"] = "pending",
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return new Reservation(ticket, null);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetEntityOrDefaultAsync(request.Kind, rowKey, cancellationToken: cancellationToken)
                ?? throw new StorageUnavailableException(ticket.IngestionId, e);
            if (request.RequireSameBody && existing.GetString("BodyHash") != bodyHash)
                throw new IdempotencyConflictException(request.IdempotencyKey);
            var previous = new IngestionTicket(existing.GetString("IngestionId")!, existing.GetDateTimeOffset("ReceivedAt")!.Value);
            var receipt = existing.GetString("Status") == "completed" ? IngestionLog.ReadReceipt(existing) : null;
            return new Reservation(previous, receipt);
        }
    }

    /// <summary>
    /// The rows in transactions, table by table, then their change rows: after the facts, so a change row never points
    /// at a fact that is not there. A batch of 500 interactions is a handful of requests, not a thousand.
    /// </summary>
    private async Task WriteRowsAsync(IReadOnlyList<(string Table, TableEntity Entity)> rows, IngestionTicket ticket,
        CancellationToken cancellationToken)
    {
        foreach (var table in rows.GroupBy(r => r.Table, r => r.Entity))
            await TableBatches.SubmitAsync(storage.GetTableClient(table.Key), table, TableTransactionActionType.UpsertReplace, cancellationToken);
        var changes = rows.Select(r => Barometers.ChangeRows.For(r.Table, r.Entity, ticket.ReceivedAt, guestKeys)).OfType<TableEntity>().ToList();
        if (changes.Count > 0)
            await TableBatches.SubmitAsync(storage.GetTableClient(TableNames.BarometerChanges), changes, TableTransactionActionType.UpsertReplace,
                cancellationToken);
    }

    /// <summary>
    /// Queue by queue, each message with an id stable across retries of the same ingestion (its ingestion and its
    /// place in it): Service Bus duplicate detection drops resends.
    /// </summary>
    private async Task SendMessagesAsync(IReadOnlyList<(string Queue, string Text)> messages, IngestionTicket ticket, CancellationToken cancellationToken)
    {
        var byQueue = messages.Select((m, i) => (m.Queue, Message: new OutgoingMessage(m.Text, $"{ticket.IngestionId}-{i}")))
            .GroupBy(m => m.Queue, m => m.Message, StringComparer.Ordinal);
        foreach (var queue in byQueue)
            await queues.SendAsync(queue.Key, queue.ToList(), cancellationToken);
    }

    private async Task ArchiveAsync(IngestionRequest request, IngestionTicket ticket, string rawBlob, string bodyHash,
        CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = request.ContentType },
            // Write-once: the archive of an ingestion never changes after its first attempt.
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = new Dictionary<string, string>
            {
                ["kind"] = request.Kind,
                ["source"] = request.Source,
                ["ingestionid"] = ticket.IngestionId,
                ["sha256"] = bodyHash,
            },
        };
        if (RawGuestKeys.Describe(request.GuestKeys) is { } keys) options.Metadata[RawGuestKeys.Metadata] = keys;
        try
        {
            await storage.GetBlobContainerClient(ContainerNames.Raw)
                .GetBlobClient(rawBlob).UploadAsync(BinaryData.FromBytes(request.RawBody), options, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A retry of a reserved ingestion: the archive from the first attempt stands, unchanged.
        }
    }

    private Task WriteLogAsync(IngestionRequest request, IngestionTicket ticket, string rawBlob, string status,
        IngestionWork work, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(ticket.IngestionId, IngestionLog.SummaryRow)
        {
            ["Kind"] = request.Kind,
            ["Source"] = request.Source,
            ["Status"] = status,
            ["ReceivedAt"] = ticket.ReceivedAt,
            ["RawBlob"] = ContainerNames.Raw + "/" + rawBlob,
            ["Records"] = work.RecordCount,
            ["Messages"] = work.Messages.Count,
            ["Queues"] = string.Join(",", work.Messages.Select(m => m.Queue).Distinct()),
        };
        IngestionLog.WriteReceipt(entity, work.Receipt);
        return storage.GetTableClient(TableNames.IngestionLog).UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private Task CompleteReservationAsync(IngestionRequest request, IngestionTicket ticket, string bodyHash, JsonObject receipt,
        CancellationToken cancellationToken)
    {
        var entity = new TableEntity(request.Kind, TableKey.Encode(request.IdempotencyKey!))
        {
            ["IngestionId"] = ticket.IngestionId,
            ["ReceivedAt"] = ticket.ReceivedAt,
            ["BodyHash"] = bodyHash,
            ["Status"] = "completed",
        };
        IngestionLog.WriteReceipt(entity, receipt);
        return storage.GetTableClient(TableNames.Idempotency).UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}

/// <summary>What one intake request brings: its raw body and how to turn an ingestion ticket into rows and messages.</summary>
public sealed record IngestionRequest(string Kind, string Source, ReadOnlyMemory<byte> RawBody, string ContentType,
    string? IdempotencyKey, Func<IngestionTicket, IngestionWork> Prepare)
{
    /// <summary>A reused Idempotency-Key with another body is a client bug; a resent survey response is not.</summary>
    public bool RequireSameBody { get; init; } = true;

    /// <summary>
    /// The keyed hashes of the e-mails and phones the payload names (none for staff data), noted on its archive so an
    /// erasure reads only the payloads that may hold its guest; null when unknown (every erasure reads it).
    /// </summary>
    public IReadOnlyCollection<string>? GuestKeys { get; init; }
}

public sealed record IngestionTicket(string IngestionId, DateTimeOffset ReceivedAt);

public sealed record IngestionWork(
    IReadOnlyList<(string Table, TableEntity Entity)> Rows,
    IReadOnlyList<(string Queue, string Text)> Messages,
    int RecordCount,
    JsonObject Receipt);

public sealed record IngestionResult(IngestionTicket Ticket, string RawBlob, bool Replay, JsonObject Receipt);

public sealed class StorageUnavailableException(string ingestionId, Exception inner)
    : Exception($"Storage failed while accepting ingestion {ingestionId}.", inner)
{
    public string IngestionId { get; } = ingestionId;
}

public sealed class IdempotencyConflictException(string key)
    : Exception($"The idempotency key was already used with a different body ({key.Length} characters).");

public static class IngestionLog
{
    public const string SummaryRow = "summary";

    // A batch's receipt (an id per record) outgrows one table property long before the batch limit.
    private const string ReceiptPrefix = "Receipt";

    public static void WriteReceipt(TableEntity entity, JsonObject receipt) =>
        CompressedProperty.Set(entity, ReceiptPrefix, JsonSerializer.SerializeToUtf8Bytes(receipt));

    public static JsonObject? ReadReceipt(TableEntity entity)
    {
        using var stream = CompressedProperty.Open(entity, ReceiptPrefix);
        return stream is null ? null : JsonNode.Parse(stream)?.AsObject();
    }
}

public static class IngestionIds
{
    /// <summary>Sortable by time (UTC to the millisecond) then random, safe in blob paths and table keys.</summary>
    public static string New(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}

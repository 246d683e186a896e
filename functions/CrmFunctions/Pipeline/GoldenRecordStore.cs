using System.Text.Json;
using Azure;
using CrmFunctions.Core.Matching;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>A golden record as stored, with its version; a record merged into another keeps only where it went.</summary>
public sealed record StoredGolden(string ContactId, GoldenRecord? Record, string? MergedInto, ETag ETag);

/// <summary>The golden record was merged into another one (by review) since the caller chose it.</summary>
public sealed class GoldenRecordMergedException(string contactId, string mergedInto)
    : Exception($"Golden record {contactId} was merged into {mergedInto}.")
{
    public string MergedInto { get; } = mergedInto;
}

/// <summary>
/// Golden records on table Contacts (partition = ContactId, row "golden"). The record travels as gzip-compressed
/// JSON split over binary properties, so it stays within the 64 KiB property and 1 MiB entity limits.
/// Writes are conditional on the version read: two workers changing one record at once both land.
/// </summary>
public sealed class GoldenRecordStore(TableClient table) : IGoldenRecordLookup
{
    public const string Row = "golden";
    private const string DataPrefix = "D";
    private const int MaxAttempts = 20;
    /// <summary>How many merges an id is followed through before the chain is taken for a fault.</summary>
    public const int MaxRedirects = 10;

    public TableClient Table => table;

    public async Task<StoredGolden?> GetAsync(string contactId, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityOrDefaultAsync(contactId, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    /// <summary>
    /// Point reads of golden records, each once; an id merged into another stands for the record it went into
    /// (the index may still name it for a moment after a merge), unknown ids are left out.
    /// </summary>
    public async Task<IReadOnlyList<GoldenRecord>> GetAsync(IReadOnlyCollection<string> contactIds, CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(contactIds.Distinct().Select(id => FindLiveAsync(id, cancellationToken))).ConfigureAwait(false);
        return found.Where(f => f?.Record is not null).Select(f => f!.Record!).DistinctBy(r => r.ContactId).ToList();
    }

    /// <summary>The golden record an id now stands for, following merges.</summary>
    public async Task<StoredGolden?> FindLiveAsync(string contactId, CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxRedirects; i++)
        {
            var stored = await GetAsync(contactId, cancellationToken).ConfigureAwait(false);
            if (stored?.MergedInto is not { } into) return stored;
            contactId = into;
        }
        throw new InvalidOperationException($"Golden record {contactId} is merged into too long a chain of records.");
    }

    /// <summary>
    /// Every live golden record, in no particular order: a scan of the whole table, for figures built once a day.
    /// A record that cannot be read is reported through <paramref name="unreadable"/> and skipped.
    /// </summary>
    public async IAsyncEnumerable<GoldenRecord> ReadAllAsync(Action<string, Exception>? unreadable,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in table.QueryRowsAsync(TableClient.CreateQueryFilter($"RowKey eq {Row}"), maxPerPage: 1000,
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            StoredGolden stored;
            try { stored = FromEntity(entity); }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
            {
                unreadable?.Invoke(entity.PartitionKey, e);
                continue;
            }
            if (stored.Record is { } record) yield return record;
        }
    }

    /// <summary>
    /// Reads the record (null when there is none), applies <paramref name="change"/> and writes the result if the
    /// record did not change meanwhile; otherwise reads again and re-applies. Returning the same instance writes nothing.
    /// A <paramref name="companion"/> row (same partition: the decision's merge log entry) is written in the same
    /// transaction. <paramref name="expectNew"/> skips the first read when the record is most likely not there yet.
    /// </summary>
    /// <exception cref="GoldenRecordMergedException">The record was merged into another.</exception>
    public async Task<GoldenRecord> UpdateAsync(string contactId, Func<GoldenRecord?, GoldenRecord> change, CancellationToken cancellationToken,
        Func<GoldenRecord, TableEntity>? companion = null, bool expectNew = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = expectNew && attempt == 1 ? null : await GetAsync(contactId, cancellationToken).ConfigureAwait(false);
            if (current?.MergedInto is { } into)
                throw new GoldenRecordMergedException(contactId, into);
            var next = change(current?.Record);
            if (ReferenceEquals(next, current?.Record))
                return next;
            try
            {
                var entity = ToEntity(next);
                if (companion is not null)
                {
                    var record = current is null
                        ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
                    await table.SubmitTransactionAsync([record, new TableTransactionAction(TableTransactionActionType.UpsertReplace, companion(next))],
                        cancellationToken).ConfigureAwait(false);
                }
                else if (current is null)
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                else
                    await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (RequestFailedException e) when ((e.Status is 412 || e.Status is 409) && attempt < MaxAttempts)
            {
                // Another worker wrote first: spread the retries so two workers do not collide again in step.
                if (!(expectNew && attempt == 1))
                    await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Replaces a record by a pointer to the one it was merged into (review merge), if it did not change since read.</summary>
    public Task MarkMergedAsync(StoredGolden stored, string mergedInto, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(stored.ContactId, Row) { ["MergedInto"] = mergedInto, ["UpdatedAt"] = DateTimeOffset.UtcNow };
        return table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken);
    }

    public static TableEntity ToEntity(GoldenRecord record)
    {
        var entity = new TableEntity(record.ContactId, Row)
        {
            ["Format"] = "gzip-json",
            ["MemberCount"] = record.Members.Count,
            ["UpdatedAt"] = record.UpdatedAt,
        };
        CompressedProperty.Set(entity, DataPrefix, JsonSerializer.SerializeToUtf8Bytes(record, PipelineJson.Options));
        return entity;
    }

    public static StoredGolden FromEntity(TableEntity entity)
    {
        var etag = entity.ETag;
        if (entity.GetString("MergedInto") is { } into)
            return new StoredGolden(entity.PartitionKey, null, into, etag);
        using var gzip = CompressedProperty.Open(entity, DataPrefix)
            ?? throw new InvalidDataException($"Golden record {entity.PartitionKey} has no data.");
        var record = JsonSerializer.Deserialize<GoldenRecord>(gzip, PipelineJson.Options)
            ?? throw new InvalidDataException($"Golden record {entity.PartitionKey} is empty.");
        return new StoredGolden(entity.PartitionKey, record, null, etag);
    }
}

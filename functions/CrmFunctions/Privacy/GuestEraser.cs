using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// Erases one guest from every store, store by store, each step safe to repeat: a delivery that follows a crash
/// finds what is left and finishes it. The golden records go last, because they are what the guest is found by;
/// suppression comes first, so nothing that arrives meanwhile re-creates the guest. Counts add up per store on the
/// request's PrivacyLog row as each step ends.
/// </summary>
public sealed class GuestEraser(GuestFinder finder, StorageServices storage, Suppressions suppressions, BarometerRefresher barometers,
    GoldenRecordStore goldenRecords, TableMatchIndex index, SourceRecordMap sources, DuplicateReviews reviews, IQueueSweeper sweeper,
    PrivacyLog log, TimeProvider clock, ILogger<GuestEraser> logger)
{
    public const string LegacyMergeLog = "MergeLog";
    private static readonly TimeSpan BusyWait = TimeSpan.FromSeconds(5);
    private const int BusyAttempts = 60;

    public async Task<PrivacyRecord> EraseAsync(PrivacyRecord request, PrivacySubject subject, CancellationToken cancellationToken)
    {
        var record = await log.GetAsync(PrivacyLog.Erasure, request.Id, cancellationToken).ConfigureAwait(false) ?? request;
        if (record.Status == "completed") return record;
        record = record with { Status = "pending", Attempts = record.Attempts + 1 };
        var counts = new Dictionary<string, int>(record.Counts, StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(1, 1);
        // Steps of the middle run at once: each store's count is added and the status written as its step ends.
        async Task StepAsync(Func<Task<IReadOnlyDictionary<string, int>>> run)
        {
            var found = await run().ConfigureAwait(false);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var (key, count) in found)
                    counts[key] = counts.GetValueOrDefault(key) + count;
                record = record with { Counts = new Dictionary<string, int>(counts) };
                await log.WriteAsync(record, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
        Task CountAsync(string store, Func<Task<int>> run) =>
            StepAsync(async () => new Dictionary<string, int> { [store] = await run().ConfigureAwait(false) });

        var footprint = await finder.FindAsync(subject, cancellationToken, record.ContactIds).ConfigureAwait(false);
        record = record with { ContactIds = [.. record.ContactIds.Union(footprint.Goldens.Select(g => g.ContactId), StringComparer.Ordinal)] };
        await log.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        var identity = footprint.Identity;
        var guestKeys = footprint.GuestKeys.ToHashSet(StringComparer.Ordinal);
        var ids = await OwnIdsAsync(footprint, cancellationToken).ConfigureAwait(false);
        var raw = new RawArchive(storage.GetBlobContainerClient(ContainerNames.Raw));

        await CountAsync(TableNames.PrivacySuppressions, () => suppressions.AddAsync(footprint.GuestKeys, request.Id, clock.GetUtcNow(), cancellationToken));
        await CountAsync("BarometerContributions", () => ForgetContributionsAsync(footprint.GuestKeys, cancellationToken));
        // The fact rows first: the ingestions they came in lead to the archived payloads that hold them.
        var facts = await PersonalTables.FindAllAsync(storage, PersonalTables.Facts, identity, guestKeys, whole: false, cancellationToken).ConfigureAwait(false);
        var leads = ArchiveLeads.Of(guestKeys, facts.SelectMany(f => f.Rows));
        await Task.WhenAll(facts.Select(f => CountAsync(f.Shape.Name, () => DeleteRowsAsync(f.Shape.Name, f.Rows, cancellationToken)))
            .Append(CountAsync(TableNames.DuplicateReview, () => reviews.ScrubAsync(ids, cancellationToken)))
            .Append(CountAsync(TableNames.MatchIndex, () => index.ForgetAsync(ids, footprint.BlockingKeys, cancellationToken)))
            .Append(CountAsync(TableNames.ContactSources, () => sources.ForgetAsync(identity.MemberKeys, cancellationToken)))
            .Append(StepAsync(async () =>
            {
                var (rewritten, deleted) = await raw.EraseAsync(identity, leads, cancellationToken).ConfigureAwait(false);
                return new Dictionary<string, int> { ["raw"] = rewritten + deleted, ["raw.rewritten"] = rewritten, ["raw.deleted"] = deleted };
            }))).ConfigureAwait(false);
        await CountAsync("queues", () => sweeper.SweepAsync(identity, cancellationToken));
        // Deployments from before the merge log moved next to the golden record keep a MergeLog table (partition = record id).
        await CountAsync(LegacyMergeLog, () => DeletePartitionsAsync(LegacyMergeLog, ids, footprint, cancellationToken));
        await CountAsync(TableNames.Contacts, () => DeletePartitionsAsync(TableNames.Contacts, ids, footprint, cancellationToken));
        // A stage that ran on the guest while the records were going may have queued a last message.
        await CountAsync("queues", () => sweeper.SweepAsync(identity, cancellationToken));

        record = record with { Status = "completed", CompletedAt = clock.GetUtcNow(), Error = null };
        await log.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Erasure {ErasureId} completed: {Records} golden records, {Rows} rows, blobs and messages in all",
            request.Id, footprint.Goldens.Count, counts.Where(c => !c.Key.StartsWith("raw.", StringComparison.Ordinal)).Sum(c => c.Value));
        return record;
    }

    /// <summary>
    /// The guest's golden records and the ids merged into them. A member's founding id that now stands for someone
    /// else's record (it was split off and merged elsewhere) is not the guest's to erase.
    /// </summary>
    private async Task<HashSet<string>> OwnIdsAsync(GuestFootprint footprint, CancellationToken cancellationToken)
    {
        var live = footprint.Goldens.Select(g => g.ContactId).ToHashSet(StringComparer.Ordinal);
        var own = new HashSet<string>(live, StringComparer.Ordinal);
        foreach (var id in footprint.Identity.ContactIds.Where(id => !live.Contains(id)))
            if (await goldenRecords.FindLiveAsync(id, cancellationToken).ConfigureAwait(false) is not { } stored || live.Contains(stored.ContactId))
                own.Add(id);
        return own;
    }

    private async Task<int> ForgetContributionsAsync(IReadOnlyCollection<string> guestKeys, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await barometers.ForgetGuestAsync(guestKeys, cancellationToken).ConfigureAwait(false);
            }
            catch (RefreshBusyException) when (attempt < BusyAttempts)
            {
                // A refresh holds the barometers for a few seconds: wait for it rather than fail the erasure.
                await Task.Delay(BusyWait, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> DeleteRowsAsync(string tableName, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        await TableBatches.SubmitAsync(storage.GetTableClient(tableName), rows.Select(r => new TableEntity(r.PartitionKey, r.RowKey)), TableTransactionActionType.Delete,
            cancellationToken, parallelism: 8).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>Every row of the guest's partitions in Contacts (golden record, profile, linked answers, merge log), pointers first.</summary>
    private async Task<int> DeletePartitionsAsync(string tableName, IReadOnlySet<string> ids, GuestFootprint footprint, CancellationToken cancellationToken)
    {
        var table = storage.GetTableClient(tableName);
        if (!await ExistsAsync(tableName, cancellationToken).ConfigureAwait(false)) return 0;
        var live = footprint.Goldens.Select(g => g.ContactId).ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var id in ids.OrderBy(live.Contains))
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), ["RowKey"], cancellationToken: cancellationToken)
                .ConfigureAwait(false))
                rows.Add(row);
            // The golden row last: until it goes, a resumed erasure still finds the guest.
            foreach (var part in rows.GroupBy(r => r.RowKey == GoldenRecordStore.Row).OrderBy(g => g.Key))
                await TableBatches.SubmitAsync(table, part.Select(r => new TableEntity(id, r.RowKey)), TableTransactionActionType.Delete, cancellationToken)
                    .ConfigureAwait(false);
            deleted += rows.Count;
        }
        return deleted;
    }

    private async Task<bool> ExistsAsync(string tableName, CancellationToken cancellationToken)
    {
        await foreach (var _ in storage.Tables.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName eq {tableName}"), cancellationToken: cancellationToken)
            .ConfigureAwait(false))
            return true;
        return false;
    }
}

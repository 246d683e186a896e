using System.Collections.Concurrent;
using System.Globalization;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

/// <summary>What one fact adds to the barometers right now; Erased when its guest was erased (it adds nothing, for good).</summary>
public sealed record LedgerEntry(string Key, DateTimeOffset Version, AggregateKey? Day, BarometerAggregate Contribution, string? GuestKey, bool Erased)
{
    public static LedgerEntry From(FactChange change) =>
        new(change.Key, change.Version, change.Day, change.Contribution, change.GuestKey, false);
}

/// <summary>
/// Tables BarometerLedger0…F: the contribution of every fact counted so far, so that a fact delivered again replaces
/// its first contribution instead of adding to it, and an erased guest's facts can be taken out of the days they
/// count in. Rows: "f" / fact key (Version, Day, Property, Segment, Channel, Counters, GuestKey, Erased).
/// Guest index: "g" / "{guest key}|{fact key}", the guest key being a keyed hash of the e-mail or phone (GuestKeyer; never in clear).
/// A fact's row lives in the table its key hashes to, a guest's index rows in the one the guest key hashes to; one
/// partition of each kind per table, so a refresh writes its changes in transactions of 100. Sixteen
/// tables rather than one because Azurite, which local installations run on, pays for every insert in proportion to
/// the size of the table (it keeps each table's keys in sorted arrays); a sixteenth of the ledger keeps a refresh's
/// writes cheap as the history grows. Azure Table Storage costs the same either way.
/// </summary>
public sealed class BarometerLedger(StorageServices storage)
{
    private IEnumerable<TableClient> Tables => TableNames.BarometerLedgers.Select(storage.GetTableClient);

    private TableClient TableOf(string key) => TableAt(Shard(key));

    private TableClient TableAt(int shard) => storage.GetTableClient(TableNames.BarometerLedgers[shard]);

    /// <summary>FNV-1a of the key, folded to 0–15: stable across processes and versions, unlike string.GetHashCode.</summary>
    public static int Shard(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
            hash = (hash ^ c) * 16777619u;
        return (int)((hash ^ (hash >> 16)) % (uint)TableNames.BarometerLedgers.Count);
    }

    /// <summary>The one table the ledger was before it was spread over sixteen.</summary>
    private const string LegacyTable = "BarometerLedger";

    private const string FactPartition = "f";
    private const string GuestPartition = "g";

    private static TableEntity GuestRow(string guestKey, string key) => new(GuestPartition, TableKey.Encode(guestKey + "|" + key));

    /// <summary>Point reads, many at once: the cost follows the number of changed facts, not the history.</summary>
    public async Task<IReadOnlyDictionary<string, LedgerEntry>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, LedgerEntry>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (key, ct) =>
            {
                if (await TableOf(key).GetEntityOrDefaultAsync(FactPartition, TableKey.Encode(key), cancellationToken: ct) is { } row)
                    found[key] = Read(row);
            });
        return found;
    }

    /// <summary>
    /// Forgets what every fact counted for, so that a rebuild counts them all again; erased facts stay marked
    /// (an erased guest must not come back) and the guest index stays for later erasures.
    /// </summary>
    public async Task<int> ClearCountsAsync(CancellationToken cancellationToken)
    {
        var cleared = 0;
        foreach (var table in Tables)
            cleared += await TableRows.DeleteWhereAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {FactPartition}"),
                row => row.GetBoolean("Erased") != true, cancellationToken);
        return cleared;
    }

    /// <summary>
    /// True when the single-table ledger of earlier versions still holds rows: what it counted is unknown here, so
    /// the refresh recounts every fact, then drops it (<see cref="DropLegacyTableAsync"/>).
    /// </summary>
    public async Task<bool> HasLegacyTableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in storage.GetTableClient(LegacyTable).QueryRowsAsync(select: ["RowKey"], maxPerPage: 1, cancellationToken: cancellationToken))
                return true;
            return false;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public Task DropLegacyTableAsync(CancellationToken cancellationToken) => storage.GetTableClient(LegacyTable).DeleteAsync(cancellationToken);

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        foreach (var table in Tables)
            await foreach (var _ in table.QueryRowsAsync(select: ["RowKey"], maxPerPage: 1, cancellationToken: cancellationToken))
                return false;
        return true;
    }

    public Task WriteAsync(IReadOnlyCollection<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var rows = entries.Select(e => (Shard: Shard(e.Key), Row: ToEntity(e)))
            .Concat(entries.Where(e => e.GuestKey is not null && !e.Erased)
                .Select(e => (Shard: Shard(e.GuestKey!), Row: GuestRow(e.GuestKey!, e.Key))));
        return SubmitByShardAsync(rows, TableTransactionActionType.UpsertReplace, cancellationToken);
    }

    private Task SubmitByShardAsync(IEnumerable<(int Shard, TableEntity Row)> rows, TableTransactionActionType type, CancellationToken cancellationToken)
    {
        var batches = rows.GroupBy(r => r.Shard, r => r.Row)
            .SelectMany(shard => TableBatches.Of(shard, type).Select(batch => (Table: TableAt(shard.Key), Batch: batch)));
        return Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (work, ct) => await work.Table.SubmitTransactionAsync(work.Batch, ct));
    }

    /// <summary>
    /// Files guests under new keys ("privacy rekey"): the GuestKey of their fact rows, and their index rows, which move
    /// to the table the new key hashes to: written there first, then deleted here, so a stop half-way leaves both and
    /// the next run finishes. A key <paramref name="newKeyOf"/> does not name stays as it is.
    /// </summary>
    /// <returns>Fact rows changed, index rows moved.</returns>
    public async Task<(int Facts, int GuestRows)> RekeyGuestsAsync(IReadOnlyDictionary<string, string> newKeyOf, CancellationToken cancellationToken)
    {
        var (facts, moved) = (0, 0);
        foreach (var table in Tables)
        {
            facts += await TableRows.ReplaceValuesAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {FactPartition}"), "GuestKey",
                newKeyOf, cancellationToken);
            var moves = new List<(string From, string To, string Fact)>();
            await foreach (var row in table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {GuestPartition}"), select: ["RowKey"],
                               maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                var key = TableKey.Decode(row.RowKey);
                var bar = key.IndexOf('|');
                if (bar > 0 && newKeyOf.TryGetValue(key[..bar], out var to)) moves.Add((key[..bar], to, key[(bar + 1)..]));
            }
            await SubmitByShardAsync(moves.Select(m => (Shard(m.To), GuestRow(m.To, m.Fact))), TableTransactionActionType.UpsertReplace, cancellationToken);
            await TableBatches.SubmitAsync(table, moves.Select(m => GuestRow(m.From, m.Fact)), TableTransactionActionType.Delete, cancellationToken);
            moved += moves.Count;
        }
        return (facts, moved);
    }

    /// <summary>The facts counted for one guest, from the guest index.</summary>
    public async Task<IReadOnlyList<string>> KeysOfGuestAsync(string guestKey, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var prefix = guestKey + "|";
        // '}' follows '|': the range holds exactly the rows of this guest.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {GuestPartition} and RowKey ge {prefix} and RowKey lt {guestKey + "}"}");
        await foreach (var row in TableOf(guestKey).QueryRowsAsync(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            keys.Add(TableKey.Decode(row.RowKey)[prefix.Length..]);
        return keys;
    }

    public Task DeleteGuestIndexAsync(string guestKey, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        TableBatches.SubmitAsync(TableOf(guestKey), keys.Select(k => GuestRow(guestKey, k)),
            TableTransactionActionType.Delete, cancellationToken);

    private static TableEntity ToEntity(LedgerEntry e)
    {
        var entity = new TableEntity(FactPartition, TableKey.Encode(e.Key))
        {
            ["Version"] = e.Version,
            ["Erased"] = e.Erased,
        };
        if (e.GuestKey is not null) entity["GuestKey"] = e.GuestKey;
        if (e.Day is { } day && !e.Erased)
        {
            entity["Day"] = day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            entity["Property"] = day.Property;
            entity["Segment"] = day.Segment;
            entity["Channel"] = day.Channel;
            BarometerStore.WriteCounters(entity, e.Contribution);
        }
        return entity;
    }

    private static LedgerEntry Read(TableEntity row)
    {
        var day = row.GetString("Day") is { } text
            ? new AggregateKey(DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                row.GetString("Property")!, row.GetString("Segment")!, row.GetString("Channel")!)
            : null;
        return new LedgerEntry(TableKey.Decode(row.RowKey), row.GetDateTimeOffset("Version") ?? DateTimeOffset.MinValue, day,
            day is null ? BarometerAggregate.Empty : BarometerStore.ReadCounters(row), row.GetString("GuestKey"), row.GetBoolean("Erased") ?? false);
    }
}

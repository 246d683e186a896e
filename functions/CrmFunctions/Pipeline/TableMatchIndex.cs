using System.Collections.Concurrent;
using CrmFunctions.Core.Matching;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>
/// The match index on table ContactMatchIndex: one partition per blocking key, one row per golden record
/// filed under it. Every operation reads or writes only the partitions of the contact's own keys, at most
/// <see cref="MaxBlockSize"/> + 1 rows each, so its cost does not depend on the size of the base.
/// </summary>
public sealed class TableMatchIndex(TableClient table, int maxBlockSize = InMemoryMatchIndex.DefaultMaxBlockSize) : IMatchIndex
{
    /// <summary>Row that marks a block as too large to be telling; it sorts before every contact id.</summary>
    public const string OversizedRow = "!oversized";

    /// <summary>How long a block read while finding candidates is reused when the same contact is filed right after.</summary>
    private static readonly TimeSpan RecentReadLifetime = TimeSpan.FromSeconds(10);
    private const int MaxRecentReads = 50_000;

    // Filing a contact follows finding its candidates by milliseconds: reusing that read saves one query per key.
    // Finding always reads afresh, so a stale entry can at worst let a block pass its size limit by a few rows.
    private readonly ConcurrentDictionary<BlockingKey, (DateTime ReadAt, bool Oversized, List<string> Ids)> recentReads = new();

    public int MaxBlockSize { get; } = maxBlockSize;

    public TableClient Table => table;

    public static string Partition(BlockingKey key) => TableKey.Encode(key.ToString());

    public async Task<IReadOnlyCollection<string>> FindCandidatesAsync(IEnumerable<BlockingKey> keys, CancellationToken cancellationToken)
    {
        var blocks = await Task.WhenAll(keys.Distinct().Select(k => ReadBlockAsync(k, cancellationToken))).ConfigureAwait(false);
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks.Where(b => !b.Oversized))
            foreach (var id in block.Ids)
                if (seen.Add(id)) found.Add(id);
        return found;
    }

    public Task AddAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Distinct().Select(k => AddOneAsync(contactId, k, cancellationToken)));

    public Task RemoveAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Distinct().Select(k =>
        {
            recentReads.TryRemove(k, out _);
            return table.DeleteEntityAsync(Partition(k), contactId, cancellationToken: cancellationToken);
        }));

    private async Task AddOneAsync(string contactId, BlockingKey key, CancellationToken cancellationToken)
    {
        var block = recentReads.TryRemove(key, out var recent) && DateTime.UtcNow - recent.ReadAt < RecentReadLifetime
            ? (recent.Oversized, recent.Ids)
            : await ReadBlockAsync(key, cancellationToken).ConfigureAwait(false);
        if (block.Oversized || block.Ids.Contains(contactId, StringComparer.Ordinal))
            return;
        // Once too large a block stays unread, as in the in-memory index: its rows stay for audit, the marker wins.
        var row = block.Ids.Count >= MaxBlockSize
            ? new TableEntity(Partition(key), OversizedRow) { ["Kind"] = key.Kind }
            : new TableEntity(Partition(key), contactId) { ["Kind"] = key.Kind };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(bool Oversized, List<string> Ids)> ReadBlockAsync(BlockingKey key, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(key)}");
        await foreach (var row in table.QueryRowsAsync(filter, ["Kind"], MaxBlockSize + 1, cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == OversizedRow) return Remember(key, true, ids);
            ids.Add(row.RowKey);
            // Never read past the first page: a block this full is not telling anyway.
            if (ids.Count > MaxBlockSize) return Remember(key, true, ids);
        }
        return Remember(key, false, ids);
    }

    private (bool Oversized, List<string> Ids) Remember(BlockingKey key, bool oversized, List<string> ids)
    {
        if (recentReads.Count >= MaxRecentReads) recentReads.Clear();
        recentReads[key] = (DateTime.UtcNow, oversized, ids);
        return (oversized, ids);
    }
}

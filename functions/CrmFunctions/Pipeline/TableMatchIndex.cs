using Azure;
using CrmFunctions.Core.Matching;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>One blocking key's entry in the match index as read: the golden records filed under it and its version.</summary>
public sealed record IndexBlock(BlockingKey Key, IReadOnlyList<string> Ids, bool Oversized, ETag? ETag)
{
    public static IndexBlock Empty(BlockingKey key) => new(key, [], false, null);
}

/// <summary>
/// The match index on table ContactMatchIndex: one partition per blocking key holding a single row, the ids of
/// the golden records filed under the key. Finding candidates is one point read per key; filing a record is one
/// write per key, conditional on the version read (an insert when the key was unknown). Two workers filing
/// under one key at the same instant cannot both succeed on the version they read: the second reads the block
/// again and learns of the first, which is how two first sightings of one guest find each other.
/// </summary>
public sealed class TableMatchIndex(TableClient table, int maxBlockSize = InMemoryMatchIndex.DefaultMaxBlockSize) : IMatchIndex
{
    private const int MaxAttempts = 30;

    public int MaxBlockSize { get; } = maxBlockSize;

    public TableClient Table => table;

    public static string Partition(BlockingKey key) => TableKey.Encode(key.ToString());

    /// <summary>Whether a row is a block of this layout (older layouts filed one row per golden record under the key).</summary>
    public static bool IsBlock(TableEntity row) => row.RowKey == row.PartitionKey;

    /// <summary>The blocks of <paramref name="keys"/>, one point read each.</summary>
    public async Task<IReadOnlyList<IndexBlock>> ReadAsync(IEnumerable<BlockingKey> keys, CancellationToken cancellationToken) =>
        await Task.WhenAll(keys.Distinct().Select(k => ReadBlockAsync(k, cancellationToken))).ConfigureAwait(false);

    /// <summary>Golden record ids of the blocks that are still telling (not over the size limit), each once, in block order.</summary>
    public static IReadOnlyCollection<string> Candidates(IEnumerable<IndexBlock> blocks)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks.Where(b => !b.Oversized))
            foreach (var id in block.Ids)
                if (seen.Add(id)) found.Add(id);
        return found;
    }

    public async Task<IReadOnlyCollection<string>> FindCandidatesAsync(IEnumerable<BlockingKey> keys, CancellationToken cancellationToken) =>
        Candidates(await ReadAsync(keys, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Files <paramref name="contactId"/> under each block's key, writing against the version in hand; a block that
    /// changed meanwhile is read again and the write retried. Returns each block as it stood when the id went in, so
    /// the caller sees every id another worker filed since its own read.
    /// </summary>
    public Task<IReadOnlyList<IndexBlock>> FileAsync(string contactId, IEnumerable<IndexBlock> blocks, CancellationToken cancellationToken) =>
        ChangeAllAsync(blocks, ids => ids.Contains(contactId, StringComparer.Ordinal) ? null : [.. ids, contactId], cancellationToken);

    public async Task AddAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken) =>
        await FileAsync(contactId, await ReadAsync(keys, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task RemoveAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken) =>
        await ChangeAllAsync(await ReadAsync(keys, cancellationToken).ConfigureAwait(false), ids => ids.Contains(contactId, StringComparer.Ordinal)
            ? ids.Where(id => id != contactId).ToList()
            : null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Erasure: takes the ids out of the blocks of the keys, and deletes a block left empty (its key is the guest's
    /// e-mail, phone or name code), conditional on the version read.
    /// </summary>
    /// <returns>How many blocks changed.</returns>
    public async Task<int> ForgetAsync(IReadOnlyCollection<string> contactIds, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var block in await ReadAsync(keys, cancellationToken).ConfigureAwait(false))
        {
            if (!block.Ids.Any(contactIds.Contains)) continue;
            if (block.Ids.All(contactIds.Contains) && block.ETag is { } etag)
            {
                try
                {
                    await table.DeleteEntityAsync(Partition(block.Key), Partition(block.Key), etag, cancellationToken).ConfigureAwait(false);
                    changed++;
                    continue;
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    // Someone else was filed meanwhile: take the guest out and keep the block.
                }
            }
            await ChangeAsync(block, ids => ids.Any(contactIds.Contains) ? ids.Where(id => !contactIds.Contains(id)).ToList() : null, cancellationToken)
                .ConfigureAwait(false);
            changed++;
        }
        return changed;
    }

    /// <summary>Files under <paramref name="to"/> what was filed under <paramref name="from"/> (a golden record merged into another).</summary>
    public async Task MoveAsync(string from, string to, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken) =>
        await ChangeAllAsync(await ReadAsync(keys, cancellationToken).ConfigureAwait(false), ids =>
        {
            if (!ids.Contains(from, StringComparer.Ordinal) && ids.Contains(to, StringComparer.Ordinal)) return null;
            var moved = ids.Where(id => id != from).ToList();
            if (!moved.Contains(to, StringComparer.Ordinal)) moved.Add(to);
            return moved;
        }, cancellationToken).ConfigureAwait(false);

    private async Task<IReadOnlyList<IndexBlock>> ChangeAllAsync(IEnumerable<IndexBlock> blocks, Func<IReadOnlyList<string>, List<string>?> change,
        CancellationToken cancellationToken) =>
        await Task.WhenAll(blocks.Select(b => ChangeAsync(b, change, cancellationToken))).ConfigureAwait(false);

    /// <summary>
    /// Writes <paramref name="change"/>'s ids (null: nothing to write) against the block's version, reading it again
    /// after a conflict. A block that would grow past the size limit is marked instead, and stays unread from then on.
    /// </summary>
    private async Task<IndexBlock> ChangeAsync(IndexBlock block, Func<IReadOnlyList<string>, List<string>?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (block.Oversized || change(block.Ids) is not { } ids) return block;
            var oversized = ids.Count > MaxBlockSize;
            // Once too large a block keeps the ids it had, for audit; the mark wins.
            var written = block with { Ids = oversized ? block.Ids : ids, Oversized = oversized };
            var entity = new TableEntity(Partition(block.Key), Partition(block.Key))
            {
                ["Kind"] = block.Key.Kind,
                ["Ids"] = string.Join(' ', written.Ids),
                ["Oversized"] = oversized,
            };
            try
            {
                var response = block.ETag is { } etag
                    ? await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
                    : await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return written with { ETag = response.Headers.ETag };
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                block = await ReadBlockAsync(block.Key, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<IndexBlock> ReadBlockAsync(BlockingKey key, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityOrDefaultAsync(Partition(key), Partition(key), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (row is null) return IndexBlock.Empty(key);
        var ids = row.GetString("Ids") is { Length: > 0 } text ? text.Split(' ') : [];
        return new IndexBlock(key, ids, row.GetBoolean("Oversized") ?? false, row.ETag);
    }
}

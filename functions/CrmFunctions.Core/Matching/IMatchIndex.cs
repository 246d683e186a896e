namespace CrmFunctions.Core.Matching;

/// <summary>
/// Blocking key → golden record ids. Every operation is a set of point look-ups or writes, so its
/// cost per contact does not grow with the base (the Table Storage implementation maps a key to a partition).
/// </summary>
public interface IMatchIndex
{
    /// <summary>Golden record ids filed under any of <paramref name="keys"/>, skipping blocks too large to be telling.</summary>
    Task<IReadOnlyCollection<string>> FindCandidatesAsync(IEnumerable<BlockingKey> keys, CancellationToken cancellationToken);

    Task AddAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken);

    /// <summary>Withdraws a golden record from blocks (un-merge, erasure).</summary>
    Task RemoveAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken);
}

/// <summary>
/// In-memory match index for tests, evaluation and single-process runs. Thread-safe. Held compactly, as it
/// holds about ten keys per golden record: a key is kept as a 64-bit hash of its kind and value (two keys
/// sharing a hash would only add a candidate that scoring then turns down), and a block of one golden
/// record — most of them — as the id itself.
/// </summary>
public sealed class InMemoryMatchIndex(int maxBlockSize = InMemoryMatchIndex.DefaultMaxBlockSize) : IMatchIndex
{
    /// <summary>
    /// A value shared by more golden records than this (a hotel's own phone, "Martin" born 1 Jan 1970)
    /// says nothing about identity; reading it would make every arrival compare against the whole block.
    /// </summary>
    public const int DefaultMaxBlockSize = 50;

    private static class Slot
    {
        // FNV-1a over the kind's characters, a separator, then the value's: the key as it is written (kind:value).
        public static long Of(BlockingKey key)
        {
            var hash = unchecked((long)14695981039346656037UL);
            foreach (var ch in key.Kind) hash = unchecked((hash ^ ch) * 1099511628211L);
            hash = unchecked((hash ^ ':') * 1099511628211L);
            foreach (var ch in key.Value) hash = unchecked((hash ^ ch) * 1099511628211L);
            return hash;
        }
    }

    // A block is one id (string) or several (List<string>).
    private readonly Dictionary<long, object> blocks = [];
    // Once too large a block stays unread: removals later do not make it telling again.
    private readonly HashSet<long> oversized = [];
    private readonly Lock gate = new();

    public int MaxBlockSize { get; } = maxBlockSize;

    public Task<IReadOnlyCollection<string>> FindCandidatesAsync(IEnumerable<BlockingKey> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Most arrivals are new guests whose keys find nothing: allocate only when a block answers.
        List<string>? found = null;
        lock (gate)
        {
            foreach (var key in keys)
            {
                var slot = Slot.Of(key);
                if (oversized.Contains(slot) || !blocks.TryGetValue(slot, out var block)) continue;
                found ??= [];
                if (block is string one) AddOnce(found, one);
                else foreach (var id in (List<string>)block) AddOnce(found, id);
            }
        }
        return Task.FromResult<IReadOnlyCollection<string>>(found ?? (IReadOnlyCollection<string>)[]);
    }

    // Candidates are few (bounded by the block size times the keys): a list scan beats a set.
    private static void AddOnce(List<string> found, string id)
    {
        if (!found.Contains(id)) found.Add(id);
    }

    public Task AddAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            foreach (var key in keys)
            {
                var slot = Slot.Of(key);
                if (oversized.Contains(slot)) continue;
                if (!blocks.TryGetValue(slot, out var block))
                {
                    blocks[slot] = contactId;
                    continue;
                }
                var ids = block as List<string>;
                if (ids?.Contains(contactId) ?? (string)block == contactId) continue;
                if ((ids?.Count ?? 1) >= MaxBlockSize)
                {
                    oversized.Add(slot);
                    blocks.Remove(slot);
                    continue;
                }
                if (ids is null) blocks[slot] = new List<string>(2) { (string)block, contactId };
                else ids.Add(contactId);
            }
        }
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            foreach (var key in keys)
            {
                var slot = Slot.Of(key);
                if (!blocks.TryGetValue(slot, out var block)) continue;
                if (block is string one)
                {
                    if (one == contactId) blocks.Remove(slot);
                }
                else
                {
                    ((List<string>)block).Remove(contactId);
                }
            }
        }
        return Task.CompletedTask;
    }
}

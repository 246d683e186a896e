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

/// <summary>In-memory match index for tests, evaluation and single-process runs. Thread-safe.</summary>
public sealed class InMemoryMatchIndex(int maxBlockSize = InMemoryMatchIndex.DefaultMaxBlockSize) : IMatchIndex
{
    /// <summary>
    /// A value shared by more golden records than this (a hotel's own phone, "Martin" born 1 Jan 1970)
    /// says nothing about identity; reading it would make every arrival compare against the whole block.
    /// </summary>
    public const int DefaultMaxBlockSize = 50;

    private readonly Dictionary<BlockingKey, List<string>> blocks = [];
    // Once too large a block stays unread: removals later do not make it telling again.
    private readonly HashSet<BlockingKey> oversized = [];
    private readonly Lock gate = new();

    public int MaxBlockSize { get; } = maxBlockSize;

    public Task<IReadOnlyCollection<string>> FindCandidatesAsync(IEnumerable<BlockingKey> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Most arrivals are new guests whose keys find nothing: allocate only when a block answers.
        List<string>? found = null;
        HashSet<string>? seen = null;
        lock (gate)
        {
            foreach (var key in keys)
            {
                if (oversized.Contains(key) || !blocks.TryGetValue(key, out var ids)) continue;
                found ??= new List<string>(ids.Count);
                seen ??= new HashSet<string>(StringComparer.Ordinal);
                foreach (var id in ids) if (seen.Add(id)) found.Add(id);
            }
        }
        return Task.FromResult<IReadOnlyCollection<string>>(found ?? (IReadOnlyCollection<string>)[]);
    }

    public Task AddAsync(string contactId, IEnumerable<BlockingKey> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            foreach (var key in keys)
            {
                if (oversized.Contains(key)) continue;
                if (!blocks.TryGetValue(key, out var ids)) blocks[key] = ids = [];
                if (ids.Contains(contactId)) continue;
                if (ids.Count >= MaxBlockSize)
                {
                    oversized.Add(key);
                    blocks.Remove(key);
                    continue;
                }
                ids.Add(contactId);
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
                if (blocks.TryGetValue(key, out var ids)) ids.Remove(contactId);
            }
        }
        return Task.CompletedTask;
    }
}

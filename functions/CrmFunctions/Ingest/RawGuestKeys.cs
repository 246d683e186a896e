namespace CrmFunctions.Ingest;

/// <summary>
/// The guest keys an archived payload names, in its blob metadata: space-separated keys, or "many" for a batch too large
/// to list (metadata is limited to a few kilobytes), which every erasure then reads. A payload without the entry (archived
/// before it existed, or of a feed that does not declare its contacts) is read by every erasure too.
/// </summary>
public static class RawGuestKeys
{
    public const string Metadata = "guestkeys";
    public const string Many = "many";
    private const int MaxListed = 60;

    public static string? Describe(IReadOnlyCollection<string>? keys) =>
        keys is null ? null : keys.Count > MaxListed ? Many : string.Join(' ', keys);

    /// <summary>Whether an erasure of a guest with these keys must read the payload.</summary>
    public static bool MayHold(IDictionary<string, string>? metadata, IReadOnlySet<string> guestKeys) =>
        metadata is null || !metadata.TryGetValue(Metadata, out var listed) || listed == Many
        || listed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(guestKeys.Contains);
}

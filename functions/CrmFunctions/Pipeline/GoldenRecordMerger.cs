using Azure;
using CrmFunctions.Core.Matching;

namespace CrmFunctions.Pipeline;

/// <summary>
/// Merges two golden records into one: a reviewer's decision, an arrival that links two records of one guest, or
/// two first sightings of a guest that found each other while filing their keys. The record known longest keeps
/// its ContactId; the other becomes a pointer to it, and its members, source map rows, index entries and linked
/// answers follow. Safe when several workers merge the same records at once: the record kept is written against
/// the version read, the other is turned into a pointer only if it did not change since read (a member that joined
/// it meanwhile is moved on the next attempt), so no member is lost and no two records end up pointing at each other.
/// </summary>
public sealed class GoldenRecordMerger(
    GoldenRecordStore goldenRecords,
    SourceRecordMap sources,
    TableMatchIndex index,
    MergeLog mergeLog,
    DuplicateReviews reviews,
    ContactProfiles profiles,
    Survivorship survivorship,
    TimeProvider clock)
{
    public const string ReviewMerge = "review-merge";
    /// <summary>Two records the matcher found to be one guest (an arrival linked both, or both were first sightings at one instant).</summary>
    public const string RecordsMerged = "records-merged";
    private const int MaxAttempts = 10;

    /// <param name="outcome">The merge log's name for the decision: review-merge, records-merged.</param>
    public async Task<EditResult> MergeAsync(string a, string b, string outcome, string? decidedBy, MergeLogEntry? basis,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var first = await goldenRecords.FindLiveAsync(a, cancellationToken).ConfigureAwait(false);
            var second = await goldenRecords.FindLiveAsync(b, cancellationToken).ConfigureAwait(false);
            if (first?.Record is null || second?.Record is null)
                return new EditResult(EditStatus.NotFound, $"Golden record {(first?.Record is null ? a : b)} does not exist.");
            if (first.ContactId == second.ContactId)
                return new EditResult(EditStatus.Done, "Already one golden record.", first.ContactId);
            if (await reviews.IsNeverLinkedAsync(first.ContactId, second.ContactId, cancellationToken).ConfigureAwait(false))
                return new EditResult(EditStatus.Conflict, "The two records were judged different guests (never-link).");

            var (keep, gone) = Older(first.Record, second.Record) ? (first, second) : (second, first);
            var moved = gone.Record!.Members;
            try
            {
                await goldenRecords.UpdateAsync(keep.ContactId,
                    g => moved.Aggregate(g ?? throw new InvalidOperationException("The record to keep vanished."), (acc, m) => survivorship.Merge(acc, m.Contact)),
                    cancellationToken).ConfigureAwait(false);
                await goldenRecords.MarkMergedAsync(gone, keep.ContactId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < MaxAttempts && e is GoldenRecordMergedException or RequestFailedException { Status: 412 })
            {
                // One of the two changed since read: a member joined it, or another worker merged it. Read both again.
                continue;
            }
            await FollowAsync(keep.ContactId, gone.ContactId, moved, outcome, decidedBy, basis, cancellationToken).ConfigureAwait(false);
            return new EditResult(EditStatus.Done, ContactId: keep.ContactId, OtherContactId: gone.ContactId);
        }
    }

    /// <summary>Source map, index, merge log and linked answers follow the members to the record kept.</summary>
    private async Task FollowAsync(string keep, string gone, IReadOnlyList<GoldenMember> moved, string outcome, string? decidedBy,
        MergeLogEntry? basis, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await index.MoveAsync(gone, keep, moved.SelectMany(m => IncrementalMatcher.KeysFor(m.Contact)).Distinct(), cancellationToken).ConfigureAwait(false);
        foreach (var member in moved)
        {
            await sources.SetAsync(member.Key, keep, cancellationToken).ConfigureAwait(false);
            await mergeLog.WriteAsync(MergeLogEntry.Between(keep, gone, outcome, decidedBy, now, basis) with { MemberKey = member.Key },
                cancellationToken).ConfigureAwait(false);
        }
        await mergeLog.WriteAsync(MergeLogEntry.Between(gone, keep, "merged-into", decidedBy, now, basis), cancellationToken).ConfigureAwait(false);
        await profiles.MoveAsync(gone, keep, cancellationToken).ConfigureAwait(false);
        if (outcome != ReviewMerge)
            await reviews.CloseIfOpenAsync(keep, gone, "merge", decidedBy ?? "matcher", now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The record whose first member arrived first (then the smaller id): every worker picks the same one.</summary>
    private static bool Older(GoldenRecord x, GoldenRecord y)
    {
        var (fx, fy) = (x.Members[0].Origin.ReceivedAt, y.Members[0].Origin.ReceivedAt);
        return fx != fy ? fx < fy : string.CompareOrdinal(x.ContactId, y.ContactId) < 0;
    }
}

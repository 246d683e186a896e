using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Pipeline;

public enum EditStatus { Done, NotFound, Conflict }

public sealed record EditResult(EditStatus Status, string? Detail = null, string? ContactId = null, string? OtherContactId = null);

/// <summary>
/// A reviewer's corrections to golden records: merge two records, keep two apart for good, split a member off.
/// Each keeps the source map, the match index, the merge log and the guest profiles in step with the records.
/// </summary>
public sealed class GoldenRecordEditor(
    IncrementalMatcher matcher,
    GoldenRecordMerger merger,
    GoldenRecordStore goldenRecords,
    SourceRecordMap sources,
    MergeLog mergeLog,
    DuplicateReviews reviews,
    GuestProfileRefresher refresher,
    Survivorship survivorship,
    TimeProvider clock)
{
    public async Task<EditResult> ResolveAsync(DuplicatePair pair, string decision, string? decidedBy, CancellationToken cancellationToken)
    {
        if (decision == "never-link")
        {
            await reviews.NeverLinkAsync(pair.ContactA, pair.ContactB, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            foreach (var (self, other) in new[] { (pair.ContactA, pair.ContactB), (pair.ContactB, pair.ContactA) })
                await mergeLog.WriteAsync(MergeLogEntry.Between(self, other, "review-never-link", decidedBy, now, pair.Explanation), cancellationToken).ConfigureAwait(false);
            await reviews.ResolveAsync(pair, "never-link", decidedBy, now, cancellationToken).ConfigureAwait(false);
            return new EditResult(EditStatus.Done, ContactId: pair.ContactA, OtherContactId: pair.ContactB);
        }
        var merged = await MergeAsync(pair.ContactA, pair.ContactB, decidedBy, pair.Explanation, cancellationToken).ConfigureAwait(false);
        if (merged.Status == EditStatus.Done)
            await reviews.ResolveAsync(pair, "merge", decidedBy, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return merged;
    }

    /// <summary>Merges two golden records; the one known longest keeps its ContactId, the other points to it; the profile is recomputed whole.</summary>
    public async Task<EditResult> MergeAsync(string a, string b, string? decidedBy, MergeLogEntry? explanation, CancellationToken cancellationToken)
    {
        var merged = await merger.MergeAsync(a, b, GoldenRecordMerger.ReviewMerge, decidedBy, explanation, cancellationToken).ConfigureAwait(false);
        if (merged is { Status: EditStatus.Done, ContactId: { } kept })
            await refresher.RefreshAsync(kept, cancellationToken).ConfigureAwait(false);
        return merged;
    }

    /// <summary>
    /// Splits one source record off a golden record, undoing the logged decision that put it there: it gets its
    /// own golden record back, the index files its keys there, and a never-link keeps later arrivals from re-joining them.
    /// </summary>
    public async Task<EditResult> UnmergeAsync(string contactId, string memberKey, string? decidedBy, CancellationToken cancellationToken)
    {
        var stored = await goldenRecords.GetAsync(contactId, cancellationToken).ConfigureAwait(false);
        if (stored?.Record is not { } golden)
            return new EditResult(EditStatus.NotFound, stored?.MergedInto is { } into
                ? $"Golden record {contactId} was merged into {into}."
                : $"Golden record {contactId} does not exist.");
        if (golden.Members.FirstOrDefault(m => m.Key == memberKey) is not { } member)
            return new EditResult(EditStatus.NotFound, $"Golden record {contactId} has no member {memberKey}.");
        if (golden.Members.Count == 1)
            return new EditResult(EditStatus.Conflict, $"{memberKey} is the only member of {contactId}: there is nothing to split it from.");
        var log = await mergeLog.ReadAsync(contactId, cancellationToken).ConfigureAwait(false);
        var decision = log.LastOrDefault(e => e.MemberKey == memberKey && e.Outcome is "merge" or "review-merge" or "new-record" or "possible-duplicate");

        // The founding record's own id stays with the guest record; the member split off gets one derived from its origin.
        // A member that once founded a record merged in by review finds its old id taken by the pointer: derive a fresh one.
        var newId = ContactIds.For(member.Origin);
        if (newId == contactId || await goldenRecords.GetAsync(newId, cancellationToken).ConfigureAwait(false) is { MergedInto: not null })
            newId = ContactIds.For(member.Origin with { SourceRecordId = member.Origin.SourceRecordId + "#split" });

        var remaining = await goldenRecords.UpdateAsync(contactId,
            g => survivorship.Remove(g!, member.Origin.Source, member.Origin.SourceRecordId) ?? g!, cancellationToken).ConfigureAwait(false);
        var split = await goldenRecords.UpdateAsync(newId,
            g => g is null ? survivorship.Create(newId, member.Contact) : survivorship.Merge(g, member.Contact), cancellationToken).ConfigureAwait(false);
        await sources.SetAsync(memberKey, newId, cancellationToken).ConfigureAwait(false);

        // Keys the member shared with the others stay filed under the record: withdraw the member's, re-file the rest.
        await matcher.UnregisterAsync(contactId, member.Contact, cancellationToken).ConfigureAwait(false);
        foreach (var other in remaining.Members)
            await matcher.RegisterAsync(contactId, other.Contact, cancellationToken).ConfigureAwait(false);
        await matcher.RegisterAsync(newId, member.Contact, cancellationToken).ConfigureAwait(false);
        await reviews.NeverLinkAsync(contactId, newId, cancellationToken).ConfigureAwait(false);

        var now = clock.GetUtcNow();
        var note = decision is null ? "no logged decision found" : $"undoes the {decision.Outcome} decision of {decision.At:O} (score {decision.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"})";
        await mergeLog.WriteAsync(MergeLogEntry.Between(contactId, newId, "unmerge", decidedBy, now, decision) with { MemberKey = memberKey, Note = note }, cancellationToken).ConfigureAwait(false);
        await mergeLog.WriteAsync(MergeLogEntry.Between(newId, contactId, "split-from", decidedBy, now, decision) with { MemberKey = memberKey, Note = note }, cancellationToken).ConfigureAwait(false);
        await refresher.RefreshAsync(remaining.ContactId, cancellationToken).ConfigureAwait(false);
        await refresher.RefreshAsync(split.ContactId, cancellationToken).ConfigureAwait(false);
        return new EditResult(EditStatus.Done, ContactId: contactId, OtherContactId: newId);
    }
}

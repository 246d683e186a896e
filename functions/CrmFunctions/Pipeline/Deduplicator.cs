using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Pipeline;

public sealed record DedupeResult(string ContactId, string Outcome);

/// <summary>
/// Applies the matcher's decision for one source record to Table Storage: golden record and its merge log entry
/// (one transaction), match index, source map, review pairs. Every step is an idempotent write keyed by the
/// record, so a message processed again — whole or after a crash half-way — ends in the same state.
/// </summary>
/// <remarks>
/// Concurrency: the index blocks are read once, and the contact is filed under each key against the version
/// read. Two first sightings of one guest processed at the same instant both read empty blocks, but only one of
/// two writes to a shared key can land on the version it read: the other reads the block again, learns of the
/// first record, and the two are merged by the ordinary rules (score, vetoes, never-link). A merge files the keys
/// before the record changes, so a record filed meanwhile is learnt of before anything is decided.
/// </remarks>
public sealed class Deduplicator(
    IncrementalMatcher matcher,
    TableMatchIndex index,
    GoldenRecordStore goldenRecords,
    SourceRecordMap sources,
    DuplicateReviews reviews,
    GoldenRecordMerger merger,
    Survivorship survivorship)
{
    private const int MaxRounds = 5;

    public async Task<DedupeResult> ApplyAsync(NormalizedContact contact, CancellationToken cancellationToken)
    {
        if (contact.Origin is null) throw new ArgumentException("A contact needs its origin to be deduplicated.", nameof(contact));
        var profile = MatchProfile.From(contact);
        var keys = BlockingKeys.For(profile);
        var blocks = await index.ReadAsync(keys, cancellationToken).ConfigureAwait(false);

        for (var round = 1; ; round++)
        {
            var decision = await DecideAsync(contact, profile, keys, TableMatchIndex.Candidates(blocks), cancellationToken).ConfigureAwait(false);
            if (decision is { Outcome: MatchOutcome.Merge, TargetId: { } target })
            {
                var filed = await index.FileAsync(target, blocks, cancellationToken).ConfigureAwait(false);
                var late = Late(blocks, filed, target);
                blocks = filed;
                if (late.Count > 0 && round < MaxRounds) continue;
                return await MergeAsync(contact, decision, target, blocks, cancellationToken).ConfigureAwait(false);
            }
            return await CreateAsync(contact, profile, keys, decision, blocks, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<MatchDecision> DecideAsync(NormalizedContact contact, MatchProfile profile, IReadOnlyList<BlockingKey> keys,
        IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        ContactPointOnly(contact, await matcher.DecideAmongAsync(contact, profile, keys, ids, cancellationToken).ConfigureAwait(false));

    /// <summary>The contact joins the golden record, or starts it when there is none under that id.</summary>
    private Func<GoldenRecord?, GoldenRecord> Place(string contactId, NormalizedContact contact) =>
        g => g is null ? survivorship.Create(contactId, contact) : survivorship.Merge(g, contact);

    /// <summary>Merges each of <paramref name="others"/> with the guest's record; returns the id the guest keeps.</summary>
    private async Task<string> FoldAsync(string guest, IEnumerable<string> others, Func<string, MergeLogEntry> basis, CancellationToken cancellationToken)
    {
        foreach (var other in others)
        {
            var joined = await merger.MergeAsync(guest, other, GoldenRecordMerger.RecordsMerged, null, basis(other), cancellationToken).ConfigureAwait(false);
            if (joined is { Status: EditStatus.Done, ContactId: { } kept }) guest = kept;
        }
        return guest;
    }

    private async Task<DedupeResult> MergeAsync(NormalizedContact contact, MatchDecision decision, string target, IReadOnlyList<IndexBlock> blocks,
        CancellationToken cancellationToken)
    {
        var origin = contact.Origin!;
        var memberKey = SourceRecordMap.MemberKey(origin);
        // The best member is this very source record: a redelivery of a message already applied.
        if (decision.Best is { Score: double.PositiveInfinity })
        {
            // Only what an interrupted first run may have left undone: its keys were filed above.
            await sources.SetAsync(memberKey, target, cancellationToken).ConfigureAwait(false);
            return new DedupeResult(target, "replay");
        }

        var entry = Entry(contact, decision, target);
        var contactId = target;
        for (var i = 0; ; i++)
        {
            try
            {
                var merged = await goldenRecords.UpdateAsync(contactId, Place(contactId, contact),
                    cancellationToken, g => MergeLog.Entity(entry with { ContactId = g.ContactId })).ConfigureAwait(false);
                contactId = merged.ContactId;
                break;
            }
            catch (GoldenRecordMergedException e) when (i < GoldenRecordStore.MaxRedirects)
            {
                // A reviewer or another worker merged the target away since it was read: follow it.
                contactId = e.MergedInto;
            }
        }
        if (contactId != target)
            await index.FileAsync(contactId, blocks, cancellationToken).ConfigureAwait(false);
        await sources.SetAsync(memberKey, contactId, cancellationToken).ConfigureAwait(false);
        contactId = await FoldAsync(contactId, decision.AlsoMergeIds, _ => entry, cancellationToken).ConfigureAwait(false);
        await ProposeAsync(contactId, decision, entry, cancellationToken).ConfigureAwait(false);
        return new DedupeResult(contactId, entry.Outcome);
    }

    private async Task<DedupeResult> CreateAsync(NormalizedContact contact, MatchProfile profile, IReadOnlyList<BlockingKey> keys, MatchDecision decision,
        IReadOnlyList<IndexBlock> blocks, CancellationToken cancellationToken)
    {
        var contactId = ContactIds.For(contact.Origin!);
        var entry = Entry(contact, decision, contactId);
        await goldenRecords.UpdateAsync(contactId, Place(contactId, contact), cancellationToken, _ => MergeLog.Entity(entry), expectNew: true)
            .ConfigureAwait(false);
        // Filed only once the record exists, so whoever finds the id finds the record.
        // The source map needs no row: the record's id derives from the source record that founded it.
        var filed = await index.FileAsync(contactId, blocks, cancellationToken).ConfigureAwait(false);
        await ProposeAsync(contactId, decision, entry, cancellationToken).ConfigureAwait(false);

        var late = Late(blocks, filed, contactId);
        if (late.Count == 0)
            return new DedupeResult(contactId, entry.Outcome);
        var (live, outcome) = await MeetAsync(contact, profile, keys, contactId, late, cancellationToken).ConfigureAwait(false);
        return new DedupeResult(live, outcome ?? entry.Outcome);
    }

    /// <summary>
    /// Records filed under the contact's keys between the read and the write: other first sightings processed at the
    /// same instant. The contact is matched against them as if they had been there first, and the records merged
    /// (or proposed for review) by the same rules.
    /// </summary>
    private async Task<(string ContactId, string? Outcome)> MeetAsync(NormalizedContact contact, MatchProfile profile, IReadOnlyList<BlockingKey> keys,
        string contactId, IReadOnlyCollection<string> late, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            var own = (await goldenRecords.FindLiveAsync(contactId, cancellationToken).ConfigureAwait(false))?.ContactId ?? contactId;
            var others = new List<string>();
            foreach (var id in late)
                if ((await goldenRecords.FindLiveAsync(id, cancellationToken).ConfigureAwait(false))?.ContactId is { } live && live != own && !others.Contains(live))
                    others.Add(live);
            if (others.Count == 0) return (own, null);

            var decision = await DecideAsync(contact, profile, keys, others, cancellationToken).ConfigureAwait(false);
            var entry = Entry(contact, decision, own);
            if (decision is { Outcome: MatchOutcome.Merge, TargetId: { } target })
            {
                own = await FoldAsync(own, decision.AlsoMergeIds.Prepend(target), other => entry with { CandidateId = other }, cancellationToken)
                    .ConfigureAwait(false);
                await ProposeAsync(own, decision, entry, cancellationToken).ConfigureAwait(false);
                return (own, "merge");
            }
            // Several records that arrived at this same instant may be one guest their own workers are still merging
            // (and a bare phone number can only join a guest it finds alone): merge them by the same rules, look again.
            if (others.Count > 1 && round < MaxRounds)
            {
                if (!await MergeAmongAsync(others, cancellationToken).ConfigureAwait(false))
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * round), cancellationToken).ConfigureAwait(false);
                continue;
            }
            await ProposeAsync(own, decision, entry, cancellationToken).ConfigureAwait(false);
            return (own, null);
        }
    }

    /// <summary>Merges the first two of <paramref name="ids"/> that the rules make one guest (a member of one merges into the other).</summary>
    private async Task<bool> MergeAmongAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (await goldenRecords.GetAsync(ids[i], cancellationToken).ConfigureAwait(false) is not { Record: { } record }) continue;
            var members = record.Members.Select(m => (Member: m, Profile: MatchProfile.From(m.Contact))).ToList();
            for (var j = 0; j < ids.Count; j++)
            {
                if (i == j) continue;
                foreach (var (member, profile) in members)
                {
                    var decision = await DecideAsync(member.Contact, profile, BlockingKeys.For(profile), [ids[j]], cancellationToken).ConfigureAwait(false);
                    if (decision is not { Outcome: MatchOutcome.Merge, TargetId: { } target }) continue;
                    var merged = await merger.MergeAsync(ids[i], target, GoldenRecordMerger.RecordsMerged, null,
                        Entry(member.Contact, decision, target), cancellationToken).ConfigureAwait(false);
                    if (merged.Status == EditStatus.Done) return true;
                }
            }
        }
        return false;
    }

    private MergeLogEntry Entry(NormalizedContact contact, MatchDecision decision, string contactId)
    {
        var origin = contact.Origin!;
        var entry = MergeLog.FromDecision(contactId, SourceRecordMap.MemberKey(origin), origin.ReceivedAt, decision, matcher.Model.Thresholds);
        return decision.Note is { } note ? entry with { Note = note } : entry;
    }

    private async Task ProposeAsync(string contactId, MatchDecision decision, MergeLogEntry entry, CancellationToken cancellationToken)
    {
        foreach (var candidate in decision.Candidates.Where(c => c.CandidateId != contactId && decision.PossibleDuplicateIds.Contains(c.CandidateId)))
        {
            var explanation = entry with
            {
                CandidateId = candidate.CandidateId,
                Score = Math.Round(candidate.Score, 3),
                Comparisons = candidate.Comparisons,
                FoundBy = candidate.FoundBy.Select(k => k.ToString()).ToList(),
                Vetoes = candidate.Vetoes,
                OtherCandidates = [],
            };
            await reviews.ProposeAsync(contactId, candidate.CandidateId, explanation.Score, explanation, entry.At, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ids another worker filed under the keys between the read and the write.</summary>
    private static IReadOnlyCollection<string> Late(IReadOnlyList<IndexBlock> read, IReadOnlyList<IndexBlock> filed, string self)
    {
        var late = new List<string>();
        for (var i = 0; i < read.Count; i++)
            foreach (var id in filed[i].Oversized ? [] : filed[i].Ids)
                if (id != self && !read[i].Ids.Contains(id, StringComparer.Ordinal) && !late.Contains(id)) late.Add(id);
        return late;
    }

    /// <summary>
    /// A record made of contact points only — an unsubscribe from the e-mail platform, a survey answer known by its
    /// e-mail, an SMS opt-in known by its number — has nothing that could disagree with a guest: the exact e-mail or
    /// phone it shares with exactly one golden record is the whole story, though its score stays below the
    /// auto-merge bar for want of a name. It holds either way round: the contact points-only record may be the one
    /// arriving or a golden record found (nothing but contact points could be compared); and such a record found
    /// beside the guest an arrival merges into joins that guest too.
    /// </summary>
    public static MatchDecision ContactPointOnly(NormalizedContact contact, MatchDecision decision)
    {
        const string note = "contact points only: exact e-mail or phone shared with this golden record alone, nothing disagreeing";
        if (decision.Outcome == MatchOutcome.Merge)
        {
            var bare = decision.Candidates
                .Where(c => decision.PossibleDuplicateIds.Contains(c.CandidateId) && OnlyContactPoints(c.Comparisons) && ContactPointsAgree(c.Comparisons))
                .Select(c => c.CandidateId).ToList();
            return bare.Count == 0 ? decision : decision with
            {
                AlsoMergeIds = [.. decision.AlsoMergeIds, .. bare],
                PossibleDuplicateIds = decision.PossibleDuplicateIds.Except(bare).ToList(),
            };
        }
        if (decision.Outcome != MatchOutcome.PossibleDuplicate || decision.PossibleDuplicateIds.Count != 1 || decision.Best is not { } best)
            return decision;
        var arrivingBare = contact.Name.GivenName is null && contact.Name.FamilyName is null && contact.BirthDate is null
            && contact.Address is null && contact.ExternalIds.Count == 0;
        return (arrivingBare || OnlyContactPoints(best.Comparisons)) && ContactPointsAgree(best.Comparisons)
            ? decision with { Outcome = MatchOutcome.Merge, TargetId = best.CandidateId, PossibleDuplicateIds = [], Note = note }
            : decision;
    }

    /// <summary>Only e-mail and phone could be compared.</summary>
    private static bool OnlyContactPoints(IReadOnlyList<ComparisonResult> comparisons) => comparisons.All(c => c.Field is "email" or "phone");

    /// <summary>An e-mail or phone is the same and nothing differs.</summary>
    private static bool ContactPointsAgree(IReadOnlyList<ComparisonResult> comparisons) =>
        comparisons.Any(c => c is { Field: "email" or "phone", Level: Levels.Exact }) && comparisons.All(c => c.Level != Levels.Different);
}

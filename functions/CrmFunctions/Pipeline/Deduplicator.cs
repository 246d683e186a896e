using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Pipeline;

public sealed record DedupeResult(string ContactId, string Outcome);

/// <summary>
/// Applies the matcher's decision for one source record to Table Storage: golden record, source map, match
/// index, merge log, review pairs. Every step is an idempotent write keyed by the record, so a message processed
/// again — whole or after a crash half-way — ends in the same state.
/// </summary>
public sealed class Deduplicator(
    IncrementalMatcher matcher,
    GoldenRecordStore goldenRecords,
    SourceRecordMap sources,
    MergeLog mergeLog,
    DuplicateReviews reviews,
    Survivorship survivorship)
{
    private const int MaxRedirects = 10;

    public IncrementalMatcher Matcher => matcher;

    public async Task<DedupeResult> ApplyAsync(NormalizedContact contact, CancellationToken cancellationToken)
    {
        var origin = contact.Origin ?? throw new ArgumentException("A contact needs its origin to be deduplicated.", nameof(contact));
        var memberKey = SourceRecordMap.MemberKey(origin);

        if (await sources.GetAsync(memberKey, cancellationToken).ConfigureAwait(false) is { } placed
            && await FindLiveAsync(placed, cancellationToken).ConfigureAwait(false) is { Record: { } current } stored
            && current.Members.Any(m => m.Key == memberKey))
        {
            // Seen before: only finish what an interrupted first run may have left undone.
            await matcher.RegisterAsync(stored.ContactId, contact, cancellationToken).ConfigureAwait(false);
            return new DedupeResult(stored.ContactId, "replay");
        }

        var scored = await matcher.DecideAsync(contact, cancellationToken).ConfigureAwait(false);
        var decision = ContactPointOnly(contact, scored);
        var contactId = decision is { Outcome: MatchOutcome.Merge, TargetId: { } target }
            ? await MergeIntoAsync(target, contact, cancellationToken).ConfigureAwait(false)
            : await CreateAsync(ContactIds.For(origin), contact, cancellationToken).ConfigureAwait(false);

        await sources.SetAsync(memberKey, contactId, cancellationToken).ConfigureAwait(false);
        await matcher.RegisterAsync(contactId, contact, cancellationToken).ConfigureAwait(false);
        var entry = MergeLog.FromDecision(contactId, memberKey, origin.ReceivedAt, decision, matcher.Model.Thresholds);
        if (!ReferenceEquals(scored, decision))
            entry = entry with { Note = "contact points only: exact e-mail or phone shared with this golden record alone, nothing disagreeing" };
        await mergeLog.WriteAsync(entry, cancellationToken).ConfigureAwait(false);

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
            await reviews.ProposeAsync(contactId, candidate.CandidateId, explanation.Score, explanation, origin.ReceivedAt, cancellationToken).ConfigureAwait(false);
        }
        return new DedupeResult(contactId, entry.Outcome);
    }

    /// <summary>
    /// A record made of contact points only — an unsubscribe from the e-mail platform, a survey answer known by its
    /// e-mail — has nothing that could disagree with a guest: the exact e-mail or phone it shares with exactly one
    /// golden record is the whole story, though its score stays below the auto-merge bar for want of a name.
    /// </summary>
    public static MatchDecision ContactPointOnly(NormalizedContact contact, MatchDecision decision)
    {
        var bare = contact.Name.GivenName is null && contact.Name.FamilyName is null && contact.BirthDate is null
            && contact.Address is null && contact.ExternalIds.Count == 0;
        if (!bare || decision.Outcome != MatchOutcome.PossibleDuplicate || decision.PossibleDuplicateIds.Count != 1 || decision.Best is not { } best)
            return decision;
        var agrees = best.Comparisons.Any(c => c is { Field: "email" or "phone", Level: Levels.Exact })
            && best.Comparisons.All(c => c.Level != Levels.Different);
        return agrees ? decision with { Outcome = MatchOutcome.Merge, TargetId = best.CandidateId, PossibleDuplicateIds = [] } : decision;
    }

    /// <summary>The golden record an id now stands for, following review merges.</summary>
    public async Task<StoredGolden?> FindLiveAsync(string contactId, CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxRedirects; i++)
        {
            var stored = await goldenRecords.GetAsync(contactId, cancellationToken).ConfigureAwait(false);
            if (stored?.MergedInto is not { } into) return stored;
            contactId = into;
        }
        throw new InvalidOperationException($"Golden record {contactId} is merged into too long a chain of records.");
    }

    private async Task<string> MergeIntoAsync(string target, NormalizedContact contact, CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxRedirects; i++)
        {
            try
            {
                var merged = await goldenRecords.UpdateAsync(target,
                    g => g is null ? survivorship.Create(target, contact) : survivorship.Merge(g, contact), cancellationToken).ConfigureAwait(false);
                return merged.ContactId;
            }
            catch (GoldenRecordMergedException e)
            {
                // A reviewer merged the target away since the matcher read it: follow it.
                target = e.MergedInto;
            }
        }
        throw new InvalidOperationException($"Golden record {target} is merged into too long a chain of records.");
    }

    private Task<string> CreateAsync(string contactId, NormalizedContact contact, CancellationToken cancellationToken) =>
        MergeIntoAsync(contactId, contact, cancellationToken);
}

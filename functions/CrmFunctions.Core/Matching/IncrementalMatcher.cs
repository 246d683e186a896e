using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Matching;

/// <summary>Reads golden records by id (the storage edge implements it with point reads).</summary>
public interface IGoldenRecordLookup
{
    Task<IReadOnlyList<GoldenRecord>> GetAsync(IReadOnlyCollection<string> contactIds, CancellationToken cancellationToken);
}

public sealed record MatcherOptions
{
    /// <summary>Golden records scored per arrival at most: bounds the work whatever the blocks return.</summary>
    public int MaxCandidates { get; init; } = 100;
}

/// <summary>
/// Decides, for one arriving contact, whether it is a guest already known: candidates come from the
/// match index, each is scored against every member of its golden record, the best member counts.
/// Writes nothing; the caller applies the decision and then files the contact with <see cref="RegisterAsync"/>.
/// </summary>
public sealed class IncrementalMatcher(
    IMatchIndex index,
    IGoldenRecordLookup goldenRecords,
    MatchModel model,
    ITermFrequencies? termFrequencies = null,
    MatcherOptions? options = null)
{
    private readonly MatcherOptions options = options ?? new MatcherOptions();
    private readonly ITermFrequencies? termFrequencies = termFrequencies ?? (model.TermFrequencies.Count > 0 ? new StoredTermFrequencies(model.TermFrequencies) : null);

    public MatchModel Model { get; } = model;

    public async Task<MatchDecision> DecideAsync(NormalizedContact contact, CancellationToken cancellationToken)
    {
        var profile = MatchProfile.From(contact);
        var keys = BlockingKeys.For(profile);
        if (keys.Count == 0) return new MatchDecision(MatchOutcome.NewRecord, null, [], [], keys);

        var ids = await index.FindCandidatesAsync(keys, cancellationToken).ConfigureAwait(false);
        return await DecideAmongAsync(contact, profile, keys, ids, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The blocking keys a contact is found and filed under.</summary>
    public static IReadOnlyList<BlockingKey> KeysFor(NormalizedContact contact) => BlockingKeys.For(MatchProfile.From(contact));

    /// <summary>
    /// Decides among golden records the caller found itself: a storage edge that reads the index to write back
    /// against the same version, or that learns of more candidates after filing the contact.
    /// </summary>
    public Task<MatchDecision> DecideAmongAsync(NormalizedContact contact, IReadOnlyList<BlockingKey> keys, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken) =>
        DecideAmongAsync(contact, MatchProfile.From(contact), keys, ids, cancellationToken);

    private async Task<MatchDecision> DecideAmongAsync(NormalizedContact contact, MatchProfile profile, IReadOnlyList<BlockingKey> keys,
        IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return new MatchDecision(MatchOutcome.NewRecord, null, [], [], keys);
        var candidates = await goldenRecords.GetAsync(ids.Take(options.MaxCandidates).ToList(), cancellationToken).ConfigureAwait(false);

        var explanations = candidates
            .Select(golden => Explain(golden, contact, profile, keys))
            .OrderByDescending(e => e.Score)
            .ThenBy(e => e.CandidateId, StringComparer.Ordinal)
            .ToList();
        var decision = Decide(explanations, keys);
        return decision is { Outcome: MatchOutcome.Merge, PossibleDuplicateIds.Count: > 0 } ? MeetClusters(decision, candidates) : decision;
    }

    /// <summary>
    /// The contact links to several golden records: one guest whose records were kept apart until this one
    /// bridged them. A second record whose own evidence clears the auto-merge bar, and which agrees with the
    /// target at least at the review level member to member (one ambiguous contact must not chain two
    /// guests), joins the target; the others stay proposed for review.
    /// </summary>
    private MatchDecision MeetClusters(MatchDecision decision, IReadOnlyList<GoldenRecord> candidates)
    {
        var byId = candidates.ToDictionary(g => g.ContactId, StringComparer.Ordinal);
        var target = byId[decision.TargetId!];
        var targetProfiles = target.Members.Select(m => MatchProfile.From(m.Contact)).ToList();
        var join = new List<string>();
        foreach (var other in decision.Candidates.Skip(1))
        {
            if (other.Score < Model.Thresholds.AutoMerge || other.Vetoes.Count > 0 || !decision.PossibleDuplicateIds.Contains(other.CandidateId)) continue;
            var pair = byId[other.CandidateId].Members
                .SelectMany(m => targetProfiles, (m, t) => MatchScorer.Score(Model, MatchProfile.From(m.Contact), t, termFrequencies).Score)
                .DefaultIfEmpty(double.NegativeInfinity)
                .Max();
            if (pair >= Model.Thresholds.Review) join.Add(other.CandidateId);
        }
        return join.Count == 0 ? decision : decision with
        {
            PossibleDuplicateIds = decision.PossibleDuplicateIds.Except(join).ToList(),
            AlsoMergeIds = join,
        };
    }

    /// <summary>Files a contact's keys under the golden record it now belongs to.</summary>
    public Task RegisterAsync(string contactId, NormalizedContact contact, CancellationToken cancellationToken) =>
        index.AddAsync(contactId, BlockingKeys.For(MatchProfile.From(contact)), cancellationToken);

    /// <summary>Files the keys a decision was taken on (the contact's own) under the golden record it now belongs to.</summary>
    public Task RegisterAsync(string contactId, MatchDecision decision, CancellationToken cancellationToken) =>
        index.AddAsync(contactId, decision.Keys, cancellationToken);

    /// <summary>Withdraws a contact's keys from a golden record (un-merge, erasure).</summary>
    public Task UnregisterAsync(string contactId, NormalizedContact contact, CancellationToken cancellationToken) =>
        index.RemoveAsync(contactId, BlockingKeys.For(MatchProfile.From(contact)), cancellationToken);

    private MatchExplanation Explain(GoldenRecord golden, NormalizedContact contact, MatchProfile profile, IReadOnlyList<BlockingKey> keys)
    {
        var bestScore = double.NegativeInfinity;
        IReadOnlyList<ComparisonResult> bestComparisons = [];
        string? bestMember = null;
        var memberProfiles = new List<MatchProfile>(golden.Members.Count);
        foreach (var member in golden.Members)
        {
            var memberProfile = MatchProfile.From(member.Contact);
            memberProfiles.Add(memberProfile);
            var (score, comparisons) = MatchScorer.Score(Model, profile, memberProfile, termFrequencies);
            // A replay of a record already merged is that record, whatever the scores say.
            if (contact.Origin is { } origin && member.Origin == origin) score = double.PositiveInfinity;
            if (score > bestScore)
            {
                (bestScore, bestComparisons, bestMember) = (score, comparisons, member.Key);
            }
        }
        var levels = bestComparisons.Select(c => c.Field + ":" + c.Level).ToList();
        List<string> vetoes = double.IsPositiveInfinity(bestScore) ? [] : Vetoes(bestComparisons, levels);
        // Which keys found the candidate is told for the candidates anyone reads (merge log, review pairs): those
        // from the review bar up. Computing it for every weak candidate of a common name cost more than scoring.
        IReadOnlyList<BlockingKey> foundBy = [];
        if (bestScore >= Model.Thresholds.Review)
        {
            var candidateKeys = memberProfiles.SelectMany(BlockingKeys.For).ToHashSet();
            foundBy = keys.Where(candidateKeys.Contains).ToList();
        }
        return new MatchExplanation(golden.ContactId, foundBy, bestComparisons, bestScore, Model.Thresholds, bestMember)
        {
            Vetoes = vetoes,
            NamesAlone = !double.IsPositiveInfinity(bestScore) && NamesAlone(bestComparisons),
        };
    }

    /// <summary>
    /// Only the names agree (nothing else weighs for the pair) and they were not weighed by their frequency in the
    /// base: a shared full name is what namesakes have, so it is no reason to ask anyone. Names weighed by their
    /// frequency (both of them) count at that weight: a rare full name clears the review bar, a common one does not.
    /// </summary>
    private bool NamesAlone(IReadOnlyList<ComparisonResult> comparisons)
    {
        var names = 0;
        var weighed = 0;
        foreach (var c in comparisons)
        {
            if (!Model.NameFields.Contains(c.Field))
            {
                if (c.Weight > 0) return false;
                continue;
            }
            names++;
            if (c.TermFrequencyAdjusted) weighed++;
        }
        return names > 0 && weighed < Model.NameFields.Count;
    }

    /// <summary>Why an automatic merge would be wrong whatever the score: a household, or contact details that all disagree.</summary>
    private List<string> Vetoes(IReadOnlyList<ComparisonResult> comparisons, List<string> levels)
    {
        if (levels.Any(Model.VetoOverrides.Contains)) return [];
        var vetoes = levels.Any(Model.HouseholdLevels.Contains) ? levels.Where(Model.AutoMergeVetoes.Contains).ToList() : [];
        var personal = comparisons.Where(c => Model.PersonalFields.Contains(c.Field)).ToList();
        if (personal.All(c => c.Level == Levels.Different) && personal.Any(c => Model.ChannelFields.Contains(c.Field)))
            vetoes.AddRange(personal.Select(c => c.Field + ":" + c.Level));
        return vetoes;
    }

    private MatchDecision Decide(IReadOnlyList<MatchExplanation> explanations, IReadOnlyList<BlockingKey> keys)
    {
        var thresholds = Model.Thresholds;
        if (explanations.Count == 0 || explanations[0].Score < thresholds.Review)
            return new MatchDecision(MatchOutcome.NewRecord, null, [], explanations, keys);

        if (explanations[0].Score >= thresholds.AutoMerge && explanations[0].Vetoes.Count == 0)
        {
            var others = explanations.Skip(1).Where(e => e.Score >= thresholds.Review && !e.NamesAlone).Select(e => e.CandidateId).ToList();
            return new MatchDecision(MatchOutcome.Merge, explanations[0].CandidateId, others, explanations, keys);
        }
        var possible = explanations.Where(e => e.Score >= thresholds.Review && !e.NamesAlone).Select(e => e.CandidateId).ToList();
        return possible.Count == 0
            ? new MatchDecision(MatchOutcome.NewRecord, null, [], explanations, keys)
            : new MatchDecision(MatchOutcome.PossibleDuplicate, null, possible, explanations, keys);
    }
}

/// <summary>Golden records held in memory: tests, evaluation and single-process runs.</summary>
public sealed class InMemoryGoldenRecordStore : IGoldenRecordLookup
{
    private readonly Dictionary<string, GoldenRecord> records = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task<IReadOnlyList<GoldenRecord>> GetAsync(IReadOnlyCollection<string> contactIds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            IReadOnlyList<GoldenRecord> found = contactIds.Where(records.ContainsKey).Select(id => records[id]).ToList();
            return Task.FromResult(found);
        }
    }

    public void Put(GoldenRecord record)
    {
        lock (gate) records[record.ContactId] = record;
    }

    public void Remove(string contactId)
    {
        lock (gate) records.Remove(contactId);
    }

    public IReadOnlyList<GoldenRecord> All()
    {
        lock (gate) return records.Values.ToList();
    }
}

/// <summary>
/// Applies decisions to an in-memory store and index: what the queue function will do against Table Storage.
/// A possible duplicate starts its own golden record, so nothing is merged without review.
/// </summary>
public sealed class InMemoryDeduplicator(IncrementalMatcher matcher, InMemoryGoldenRecordStore store, Survivorship survivorship)
{
    public async Task<(MatchDecision Decision, GoldenRecord Golden)> AddAsync(NormalizedContact contact, CancellationToken cancellationToken)
    {
        var decision = await matcher.DecideAsync(contact, cancellationToken).ConfigureAwait(false);
        GoldenRecord golden;
        if (decision is { Outcome: MatchOutcome.Merge, TargetId: { } target }
            && (await store.GetAsync([target], cancellationToken).ConfigureAwait(false)).FirstOrDefault() is { } existing)
        {
            golden = survivorship.Merge(existing, contact);
            foreach (var other in await store.GetAsync(decision.AlsoMergeIds, cancellationToken).ConfigureAwait(false))
            {
                foreach (var member in other.Members)
                {
                    golden = survivorship.Merge(golden, member.Contact);
                    await matcher.UnregisterAsync(other.ContactId, member.Contact, cancellationToken).ConfigureAwait(false);
                    await matcher.RegisterAsync(golden.ContactId, member.Contact, cancellationToken).ConfigureAwait(false);
                }
                store.Remove(other.ContactId);
            }
        }
        else
        {
            var origin = contact.Origin ?? throw new ArgumentException("A contact needs its origin to start a golden record.", nameof(contact));
            golden = survivorship.Create(ContactIds.For(origin), contact);
        }
        store.Put(golden);
        await matcher.RegisterAsync(golden.ContactId, decision, cancellationToken).ConfigureAwait(false);
        return (decision, golden);
    }
}

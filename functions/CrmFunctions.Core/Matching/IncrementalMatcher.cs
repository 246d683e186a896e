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
/// Writes nothing; the caller applies the decision and then files the contact with <see cref="RegisterAsync(string, MatchDecision, CancellationToken)"/>.
/// </summary>
public sealed class IncrementalMatcher
{
    private readonly IMatchIndex index;
    private readonly ICandidateLookup candidates;
    private readonly MatcherOptions options;
    private readonly ITermFrequencies? termFrequencies;
    private readonly ScoringTable scoring;

    /// <summary>A matcher reading whole golden records (Table Storage): members' profiles are derived on each read.</summary>
    public IncrementalMatcher(IMatchIndex index, IGoldenRecordLookup goldenRecords, MatchModel model, ITermFrequencies? termFrequencies = null, MatcherOptions? options = null)
        : this(index, new GoldenRecordCandidates(goldenRecords), model, termFrequencies, options)
    {
    }

    /// <summary>A matcher reading members' profiles as <paramref name="candidates"/> keeps them (<see cref="InMemoryCandidateStore"/>).</summary>
    public IncrementalMatcher(IMatchIndex index, ICandidateLookup candidates, MatchModel model, ITermFrequencies? termFrequencies = null, MatcherOptions? options = null)
    {
        this.index = index;
        this.candidates = candidates;
        Model = model;
        this.options = options ?? new MatcherOptions();
        this.termFrequencies = termFrequencies ?? (model.TermFrequencies.Count > 0 ? new StoredTermFrequencies(model.TermFrequencies) : null);
        scoring = new ScoringTable(model, this.termFrequencies);
    }

    public MatchModel Model { get; }

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
    /// against the same version, or that learns of more candidates after filing the contact. The caller has the
    /// contact's profile and keys already (it read the index with them).
    /// </summary>
    public async Task<MatchDecision> DecideAmongAsync(NormalizedContact contact, MatchProfile profile, IReadOnlyList<BlockingKey> keys,
        IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return new MatchDecision(MatchOutcome.NewRecord, null, [], [], keys);
        var found = await candidates.GetCandidatesAsync(ids.Count <= options.MaxCandidates ? ids : ids.Take(options.MaxCandidates).ToList(), cancellationToken)
            .ConfigureAwait(false);

        var explanations = new MatchExplanation[found.Count];
        for (var i = 0; i < explanations.Length; i++) explanations[i] = Explain(found[i], contact, profile, keys);
        Array.Sort(explanations, BestFirst);
        var decision = Decide(explanations, keys);
        return decision is { Outcome: MatchOutcome.Merge, PossibleDuplicateIds.Count: > 0 } ? MeetClusters(decision, found) : decision;
    }

    // Highest score first; among equal scores, by candidate id.
    private static readonly Comparison<MatchExplanation> BestFirst = (a, b) =>
        b.Score.CompareTo(a.Score) is var order and not 0 ? order : string.CompareOrdinal(a.CandidateId, b.CandidateId);

    /// <summary>
    /// The contact links to several golden records: one guest whose records were kept apart until this one
    /// bridged them. A second record whose own evidence clears the auto-merge bar, and which agrees with the
    /// target at least at the review level member to member (one ambiguous contact must not chain two
    /// guests), joins the target; the others stay proposed for review.
    /// </summary>
    private MatchDecision MeetClusters(MatchDecision decision, IReadOnlyList<MatchCandidate> found)
    {
        var target = Find(found, decision.TargetId!);
        List<string>? join = null;
        for (var i = 1; i < decision.Candidates.Count; i++)
        {
            var other = decision.Candidates[i];
            if (other.Score < Model.Thresholds.AutoMerge || other.Vetoes.Count > 0 || !Contains(decision.PossibleDuplicateIds, other.CandidateId)) continue;
            var pair = double.NegativeInfinity;
            foreach (var member in Find(found, other.CandidateId).Members)
                foreach (var targetMember in target.Members)
                    pair = Math.Max(pair, scoring.Score(member.Profile, targetMember.Profile).Score);
            if (pair >= Model.Thresholds.Review) (join ??= []).Add(other.CandidateId);
        }
        if (join is null) return decision;
        var possible = new List<string>(decision.PossibleDuplicateIds.Count);
        foreach (var id in decision.PossibleDuplicateIds)
            if (!join.Contains(id) && !possible.Contains(id)) possible.Add(id);
        return decision with { PossibleDuplicateIds = possible, AlsoMergeIds = join };
    }

    private static MatchCandidate Find(IReadOnlyList<MatchCandidate> found, string contactId)
    {
        for (var i = 0; i < found.Count; i++)
            if (found[i].ContactId == contactId) return found[i];
        throw new KeyNotFoundException(contactId);
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
            if (values[i] == value) return true;
        return false;
    }

    /// <summary>Files a contact's keys under the golden record it now belongs to.</summary>
    public Task RegisterAsync(string contactId, NormalizedContact contact, CancellationToken cancellationToken) =>
        RegisterAsync(contactId, MatchProfile.From(contact), cancellationToken);

    /// <summary>Files a member's keys, from its match profile, under the golden record it now belongs to.</summary>
    public Task RegisterAsync(string contactId, MatchProfile profile, CancellationToken cancellationToken) =>
        index.AddAsync(contactId, BlockingKeys.For(profile), cancellationToken);

    /// <summary>Files the keys a decision was taken on (the contact's own) under the golden record it now belongs to.</summary>
    public Task RegisterAsync(string contactId, MatchDecision decision, CancellationToken cancellationToken) =>
        index.AddAsync(contactId, decision.Keys, cancellationToken);

    /// <summary>Withdraws a contact's keys from a golden record (un-merge, erasure).</summary>
    public Task UnregisterAsync(string contactId, NormalizedContact contact, CancellationToken cancellationToken) =>
        UnregisterAsync(contactId, MatchProfile.From(contact), cancellationToken);

    /// <summary>Withdraws a member's keys, from its match profile, from a golden record (un-merge, erasure).</summary>
    public Task UnregisterAsync(string contactId, MatchProfile profile, CancellationToken cancellationToken) =>
        index.RemoveAsync(contactId, BlockingKeys.For(profile), cancellationToken);

    private MatchExplanation Explain(MatchCandidate candidate, NormalizedContact contact, MatchProfile profile, IReadOnlyList<BlockingKey> keys)
    {
        var bestScore = double.NegativeInfinity;
        IReadOnlyList<ComparisonResult> bestComparisons = [];
        ProfiledMember? bestMember = null;
        // What the other members say against the pair, and whether any member vouches for it (see MemberVetoes).
        List<string>? memberVetoes = null;
        var vouched = false;
        var members = candidate.Members;
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var (score, comparisons) = scoring.Score(profile, member.Profile);
            // A replay of a record already merged is that record, whatever the scores say.
            if (contact.Origin is { } origin && member.Origin == origin) score = double.PositiveInfinity;
            if (members.Count > 1)
            {
                var vetoes = Vetoes(comparisons);
                if (vetoes.Count > 0) (memberVetoes ??= []).AddRange(vetoes);
                else vouched |= PersonalAgreement(comparisons);
            }
            if (score > bestScore)
            {
                (bestScore, bestComparisons, bestMember) = (score, comparisons, member);
            }
        }
        var replay = double.IsPositiveInfinity(bestScore);
        // Which keys found the candidate is told for the candidates anyone reads (merge log, review pairs): those
        // from the review bar up. Computing it for every weak candidate of a common name cost more than scoring.
        IReadOnlyList<BlockingKey> foundBy = bestScore >= Model.Thresholds.Review ? FoundBy(candidate, keys) : [];
        return new MatchExplanation(candidate.ContactId, foundBy, bestComparisons, bestScore, Model.Thresholds, bestMember?.Key)
        {
            Vetoes = replay ? [] : MemberVetoes(Vetoes(bestComparisons), memberVetoes, vouched),
            NamesAlone = !replay && NamesAlone(bestComparisons),
        };
    }

    /// <summary>The contact's keys that the candidate's members have too, in the contact's order.</summary>
    private static List<BlockingKey> FoundBy(MatchCandidate candidate, IReadOnlyList<BlockingKey> keys)
    {
        var candidateKeys = new HashSet<BlockingKey>();
        foreach (var member in candidate.Members)
            foreach (var key in BlockingKeys.For(member.Profile)) candidateKeys.Add(key);
        var foundBy = new List<BlockingKey>(keys.Count);
        foreach (var key in keys)
            if (candidateKeys.Contains(key)) foundBy.Add(key);
        return foundBy;
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
            if (!Contains(Model.NameFields, c.Field))
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
    private IReadOnlyList<string> Vetoes(IReadOnlyList<ComparisonResult> comparisons)
    {
        var household = false;
        foreach (var c in comparisons)
        {
            if (Names(Model.VetoOverrides, c)) return [];
            household |= Names(Model.HouseholdLevels, c);
        }
        List<string>? vetoes = null;
        if (household)
        {
            foreach (var c in comparisons)
                if (Names(Model.AutoMergeVetoes, c)) (vetoes ??= []).Add(c.Field + ":" + c.Level);
        }
        var allDifferent = true;
        var channel = false;
        foreach (var c in comparisons)
        {
            if (!Contains(Model.PersonalFields, c.Field)) continue;
            allDifferent &= c.Level == Levels.Different;
            channel |= Contains(Model.ChannelFields, c.Field);
        }
        if (allDifferent && channel)
        {
            foreach (var c in comparisons)
                if (Contains(Model.PersonalFields, c.Field)) (vetoes ??= []).Add(c.Field + ":" + c.Level);
        }
        return vetoes ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// A golden record is one guest: a contact that conflicts with one of its members the way a namesake or a
    /// housemate would (every personal field disagrees, or another given name in the household) does not join it
    /// because another member, holding less, agrees on name and address. Such a conflict stands unless a member
    /// without one agrees on something only the guest has (mailbox, mobile, birth date, customer number).
    /// </summary>
    private static IReadOnlyList<string> MemberVetoes(IReadOnlyList<string> best, List<string>? members, bool vouched)
    {
        if (best.Count > 0 || members is null || vouched) return best;
        return members.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A personal field (<see cref="MatchModel.PersonalFields"/>) agrees: its level weighs for the pair.</summary>
    private bool PersonalAgreement(IReadOnlyList<ComparisonResult> comparisons)
    {
        foreach (var c in comparisons)
            if (c.Weight > 0 && Contains(Model.PersonalFields, c.Field)) return true;
        return false;
    }

    /// <summary>Whether <paramref name="levels"/> ("field:level") names the comparison's level, without building the string.</summary>
    private static bool Names(IReadOnlyList<string> levels, ComparisonResult c)
    {
        for (var i = 0; i < levels.Count; i++)
        {
            var entry = levels[i];
            if (entry.Length == c.Field.Length + 1 + c.Level.Length && entry[c.Field.Length] == ':'
                && entry.StartsWith(c.Field, StringComparison.Ordinal) && entry.EndsWith(c.Level, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private MatchDecision Decide(MatchExplanation[] explanations, IReadOnlyList<BlockingKey> keys)
    {
        var thresholds = Model.Thresholds;
        if (explanations.Length == 0 || explanations[0].Score < thresholds.Review)
            return new MatchDecision(MatchOutcome.NewRecord, null, [], explanations, keys);

        if (explanations[0].Score >= thresholds.AutoMerge && explanations[0].Vetoes.Count == 0)
            return new MatchDecision(MatchOutcome.Merge, explanations[0].CandidateId, Proposed(explanations, 1, thresholds), explanations, keys);
        var possible = Proposed(explanations, 0, thresholds);
        return possible.Count == 0
            ? new MatchDecision(MatchOutcome.NewRecord, null, [], explanations, keys)
            : new MatchDecision(MatchOutcome.PossibleDuplicate, null, possible, explanations, keys);
    }

    // The candidates from the review bar up that are more than namesakes, best first.
    private static List<string> Proposed(MatchExplanation[] explanations, int from, MatchThresholds thresholds)
    {
        var proposed = new List<string>();
        for (var i = from; i < explanations.Length; i++)
            if (explanations[i].Score >= thresholds.Review && !explanations[i].NamesAlone) proposed.Add(explanations[i].CandidateId);
        return proposed;
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

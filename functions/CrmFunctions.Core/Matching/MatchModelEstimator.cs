namespace CrmFunctions.Core.Matching;

/// <summary>Bounds and effort of <see cref="MatchModelEstimator"/>.</summary>
public sealed record EstimationOptions
{
    /// <summary>Random pairs drawn for u (nearly all of them are different guests).</summary>
    public int RandomPairs { get; init; } = 200_000;
    /// <summary>Blocked pairs EM learns m from, at most: past this, records are sampled.</summary>
    public int MaxBlockedPairs { get; init; } = 2_000_000;
    /// <summary>A block larger than this (a common name in a big town) adds no pairs, as in the matcher.</summary>
    public int MaxBlockSize { get; init; } = InMemoryMatchIndex.DefaultMaxBlockSize;
    public int MaxIterations { get; init; } = 25;
    /// <summary>EM stops when no m moves more than this.</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>No level is rarer by chance than this: one rare agreement must not outweigh everything else.</summary>
    public double MinimumU { get; init; } = 1e-6;
    /// <summary>No level is rarer among duplicates than this: one disagreement must not veto everything else.</summary>
    public double MinimumM { get; init; } = 1e-3;
    public int Seed { get; init; } = 17;
}

/// <summary>What estimation learnt, to print and to store with the model.</summary>
public sealed record EstimationReport(long BlockedPairs, IReadOnlyList<SessionReport> Sessions);

/// <summary>One EM session: the blocking rules of its pairs, the fields it estimated m for, how it converged.</summary>
public sealed record SessionReport(string BlockedOn, IReadOnlyList<string> Estimated, long Pairs, int Iterations, double MatchShare);

/// <summary>
/// Pairs blocked on <paramref name="KeyKinds"/> agree on <paramref name="BlockedFields"/> because they were chosen
/// that way, not because they are the same guest: a session learns m for every other field.
/// </summary>
public sealed record EstimationSession(IReadOnlyList<string> KeyKinds, IReadOnlyList<string> BlockedFields)
{
    /// <summary>Contact details, then both names, then birth date and postcode: each field is left free in at least one.</summary>
    public static IReadOnlyList<EstimationSession> Default { get; } =
    [
        new([BlockingKeys.Email, BlockingKeys.Phone, BlockingKeys.ExternalId], ["email", "phone", "external_id"]),
        new([BlockingKeys.Names], ["given_name", "family_name"]),
        new([BlockingKeys.BirthDatePostcode], ["birth_date", "address"]),
    ];
}

/// <summary>
/// Learns the model's m and u from the records themselves, as Splink does: u from random pairs, m by
/// expectation–maximisation over loosely blocked pairs with u held fixed, in sessions that each leave out the
/// fields their pairs were blocked on; a field's m is the mean of the sessions that estimated it.
/// Bounded: u and m have floors, and no partial level says more than exact agreement.
/// </summary>
public static class MatchModelEstimator
{
    // More duplicates than this among blocked pairs means EM took "similar" for "same".
    private const double MaximumMatchShare = 0.95;
    private const int MinimumSessionPairs = 100;

    public static (MatchModel Model, EstimationReport Report) Estimate(
        MatchModel model, IReadOnlyList<MatchProfile> profiles, EstimationOptions? options = null, IReadOnlyList<EstimationSession>? sessions = null)
    {
        options ??= new EstimationOptions();
        var withU = Bound(UProbabilityEstimator.Estimate(model, profiles, options.RandomPairs, options.Seed), options);
        var fields = withU.Fields;
        var u = fields.Select(f => f.Comparator.Levels.Select(l => f.Probabilities.TryGetValue(l, out var p) ? p.U : 1.0).ToArray()).ToArray();
        var sums = fields.Select(f => new double[f.Comparator.Levels.Count]).ToArray();
        var estimates = new int[fields.Count];
        var reports = new List<SessionReport>();
        long total = 0;

        foreach (var session in sessions ?? EstimationSession.Default)
        {
            var active = fields.Select(f => !session.BlockedFields.Contains(f.Field)).ToArray();
            var patterns = ComparisonPatterns(withU, BlockedPairs(profiles, options, session.KeyKinds), profiles);
            var pairs = patterns.Values.Sum();
            total += pairs;
            if (pairs < MinimumSessionPairs) continue;
            var m = fields.Select(f => f.Comparator.Levels.Select(l => f.Probabilities.TryGetValue(l, out var p) ? p.M : options.MinimumM).ToArray()).ToArray();
            var (iterations, share) = Maximise(patterns, pairs, m, u, active, options);
            var estimated = new List<string>();
            for (var f = 0; f < fields.Count; f++)
            {
                if (!active[f] || !patterns.Keys.Any(p => p[f] >= 0)) continue;
                for (var l = 0; l < m[f].Length; l++) sums[f][l] += m[f][l];
                estimates[f]++;
                estimated.Add(fields[f].Field);
            }
            reports.Add(new SessionReport(string.Join('|', session.KeyKinds), estimated, pairs, iterations, share));
        }

        var learnt = withU with
        {
            Fields = fields.Select((field, f) => estimates[f] == 0 ? field : field with
            {
                Probabilities = field.Comparator.Levels.Select((level, l) => (level, l))
                    .ToDictionary(x => x.level, x => new LevelProbability(sums[f][x.l] / estimates[f], u[f][x.l]), StringComparer.Ordinal),
            }).ToList(),
        };
        return (CapPartialLevels(RefineU(learnt, profiles, reports, total, options)), new EstimationReport(total, reports));
    }

    /// <summary>
    /// u again from the same random pairs, each counted as surely as the learnt model says it is two different
    /// guests: in a small file with many duplicates, random pairs hold enough of them to make agreement look common.
    /// </summary>
    private static MatchModel RefineU(MatchModel learnt, IReadOnlyList<MatchProfile> profiles, IReadOnlyList<SessionReport> sessions, long blockedPairs, EstimationOptions options)
    {
        if (profiles.Count < 2) return learnt;
        var allPairs = profiles.Count * (profiles.Count - 1.0) / 2;
        // Too few pairs for EM (a small file): take half the blocked pairs for duplicates.
        var duplicates = sessions.Count > 0 ? sessions.Max(s => s.Pairs * s.MatchShare) : blockedPairs / 2.0;
        var priorOdds = Math.Max(duplicates, 1) / allPairs;
        return Bound(UProbabilityEstimator.Estimate(learnt, profiles, options.RandomPairs, options.Seed,
            (a, b) => 1 - 1 / (1 + 1 / (priorOdds * Math.Pow(2, MatchScorer.Score(learnt, a, b).Score)))), options);
    }

    /// <summary>EM on m (u fixed) over the active fields; m is updated in place.</summary>
    private static (int Iterations, double MatchShare) Maximise(
        Dictionary<int[], long> patterns, long pairs, double[][] m, double[][] u, bool[] active, EstimationOptions options)
    {
        var share = 0.1;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            var matchCounts = m.Select(levels => new double[levels.Length]).ToArray();
            var totalMatch = 0.0;
            foreach (var (pattern, count) in patterns)
            {
                double matchOdds = share, nonMatchOdds = 1 - share;
                for (var f = 0; f < pattern.Length; f++)
                {
                    if (!active[f] || pattern[f] < 0) continue;
                    matchOdds *= m[f][pattern[f]];
                    nonMatchOdds *= u[f][pattern[f]];
                }
                var probability = matchOdds / (matchOdds + nonMatchOdds);
                totalMatch += probability * count;
                for (var f = 0; f < pattern.Length; f++)
                    if (pattern[f] >= 0) matchCounts[f][pattern[f]] += probability * count;
            }

            var moved = 0.0;
            for (var f = 0; f < m.Length; f++)
            {
                var total = matchCounts[f].Sum();
                if (!active[f] || total <= 0) continue;
                for (var l = 0; l < m[f].Length; l++)
                {
                    var next = Math.Max(matchCounts[f][l] / total, options.MinimumM);
                    moved = Math.Max(moved, Math.Abs(next - m[f][l]));
                    m[f][l] = next;
                }
            }
            share = Math.Clamp(totalMatch / pairs, 1e-6, MaximumMatchShare);
            if (moved < options.Tolerance) return (iteration, share);
        }
        return (options.MaxIterations, share);
    }

    /// <summary>Pairs of records sharing a blocking key in a block small enough to be read; i &lt; j.</summary>
    public static IReadOnlyCollection<(int A, int B)> BlockedPairs(IReadOnlyList<MatchProfile> profiles, EstimationOptions options, IReadOnlyList<string>? kinds = null)
    {
        var blocks = new Dictionary<BlockingKey, List<int>>();
        for (var i = 0; i < profiles.Count; i++)
        {
            foreach (var key in BlockingKeys.For(profiles[i]))
            {
                if (kinds is not null && !kinds.Contains(key.Kind)) continue;
                if (!blocks.TryGetValue(key, out var members)) blocks[key] = members = [];
                if (members.Count <= options.MaxBlockSize) members.Add(i);
            }
        }
        var pairs = new HashSet<(int, int)>();
        foreach (var members in blocks.Values)
        {
            if (members.Count > options.MaxBlockSize) continue;
            for (var x = 0; x < members.Count && pairs.Count < options.MaxBlockedPairs; x++)
                for (var y = x + 1; y < members.Count; y++) pairs.Add((members[x], members[y]));
        }
        return pairs;
    }

    // Identical comparison vectors are counted once: EM then costs the number of distinct patterns, not of pairs.
    private static Dictionary<int[], long> ComparisonPatterns(MatchModel model, IEnumerable<(int A, int B)> pairs, IReadOnlyList<MatchProfile> profiles)
    {
        var patterns = new Dictionary<int[], long>(new PatternComparer());
        var levelIndex = model.Fields.Select(f => f.Comparator.Levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal)).ToArray();
        foreach (var (a, b) in pairs)
        {
            var pattern = new int[model.Fields.Count];
            for (var f = 0; f < pattern.Length; f++)
                pattern[f] = model.Fields[f].Comparator.Compare(profiles[a], profiles[b]) is { } level ? levelIndex[f][level] : -1;
            patterns[pattern] = patterns.GetValueOrDefault(pattern) + 1;
        }
        return patterns;
    }

    private static MatchModel Bound(MatchModel model, EstimationOptions options) => model with
    {
        Fields = model.Fields.Select(f => f with
        {
            Probabilities = f.Probabilities.ToDictionary(kv => kv.Key, kv => kv.Value with { U = Math.Max(kv.Value.U, options.MinimumU) }, StringComparer.Ordinal),
        }).ToList(),
    };

    /// <summary>A partial level (a typo, a nickname) whose m/u would beat exact agreement is brought down to it.</summary>
    public static MatchModel CapPartialLevels(MatchModel model) => model with
    {
        Fields = model.Fields.Select(f => !f.Probabilities.TryGetValue(Levels.Exact, out var exact) ? f : f with
        {
            Probabilities = f.Probabilities.ToDictionary(
                kv => kv.Key,
                kv => kv.Key != Levels.Exact && kv.Value.Weight > exact.Weight ? kv.Value with { M = kv.Value.U * exact.M / exact.U } : kv.Value,
                StringComparer.Ordinal),
        }).ToList(),
    };

    private sealed class PatternComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] pattern)
        {
            var hash = new HashCode();
            foreach (var level in pattern) hash.Add(level);
            return hash.ToHashCode();
        }
    }
}

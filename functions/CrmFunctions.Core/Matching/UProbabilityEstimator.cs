namespace CrmFunctions.Core.Matching;

/// <summary>
/// Estimates u (chance agreement) per comparison level from random pairs of records: nearly all random
/// pairs are different guests, so their level distribution is u. Deterministic for a given seed.
/// </summary>
public static class UProbabilityEstimator
{
    /// <param name="nonMatch">
    /// How surely a random pair is two different guests (1 when not given): when duplicates are common (a small
    /// file, one record in two duplicated), random pairs hold some, and agreement would look commoner by chance than it is.
    /// </param>
    public static MatchModel Estimate(MatchModel model, IReadOnlyList<MatchProfile> profiles, int pairs = 200_000, int seed = 17,
        Func<MatchProfile, MatchProfile, double>? nonMatch = null)
    {
        if (profiles.Count < 2) return model;
        var random = new Random(seed);
        var counts = model.Fields.ToDictionary(f => f.Field, f => f.Comparator.Levels.ToDictionary(l => l, _ => 0.0, StringComparer.Ordinal), StringComparer.Ordinal);
        for (var n = 0; n < pairs; n++)
        {
            var i = random.Next(profiles.Count);
            var j = random.Next(profiles.Count - 1);
            if (j >= i) j++;
            var weight = nonMatch?.Invoke(profiles[i], profiles[j]) ?? 1.0;
            foreach (var field in model.Fields)
            {
                if (field.Comparator.Compare(profiles[i], profiles[j]) is { } level) counts[field.Field][level] += weight;
            }
        }

        var u = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var field in model.Fields)
        {
            var levelCounts = counts[field.Field];
            var total = levelCounts.Values.Sum();
            // Too few comparable pairs (a field the data hardly has): keep the defaults.
            if (total < 1000) continue;
            // Half a pair of smoothing keeps a level never seen by chance from weighing infinitely.
            // A level never seen by chance is not known to be rarer than the prior u says: keep the larger.
            u[field.Field] = levelCounts.ToDictionary(
                kv => kv.Key,
                kv => kv.Value > 0 || !field.Probabilities.TryGetValue(kv.Key, out var prior)
                    ? (kv.Value + 0.5) / (total + 0.5 * levelCounts.Count)
                    : Math.Max(prior.U, 0.5 / (total + 0.5 * levelCounts.Count)),
                StringComparer.Ordinal);
        }
        return model.WithU(u);
    }
}

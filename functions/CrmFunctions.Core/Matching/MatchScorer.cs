namespace CrmFunctions.Core.Matching;

/// <summary>One comparator's verdict on a pair: its level, probabilities and weight.</summary>
public sealed record ComparisonResult(string Field, string Level, double M, double U, double Weight, bool TermFrequencyAdjusted);

/// <summary>Applies a <see cref="MatchModel"/> to a pair of records.</summary>
public static class MatchScorer
{
    public static (double Score, IReadOnlyList<ComparisonResult> Comparisons) Score(
        MatchModel model, MatchProfile a, MatchProfile b, ITermFrequencies? frequencies = null)
    {
        var results = new List<ComparisonResult>(model.Fields.Count);
        var score = 0.0;
        foreach (var field in model.Fields)
        {
            if (field.Comparator.Compare(a, b) is not { } level || Compare(model, field, level, a, frequencies) is not { } result) continue;
            score += result.Weight;
            results.Add(result);
        }
        return (score, results);
    }

    /// <summary>The weight of <paramref name="level"/> for the pair, or null when the model does not know the level.</summary>
    internal static ComparisonResult? Compare(MatchModel model, FieldModel field, string level, MatchProfile a, ITermFrequencies? frequencies)
    {
        if (!field.Probabilities.TryGetValue(level, out var p)) return null;
        var u = p.U;
        var adjusted = false;
        if (field.TermFrequencyAdjusted && level == Levels.Exact && frequencies is not null
            && field.Comparator.TermOf(a) is { } term && frequencies.Frequency(field.Field, term) is { } frequency)
        {
            u = Math.Max(frequency, model.MinimumTermFrequency);
            adjusted = true;
        }
        var weight = Math.Log2(p.M / u);
        // A partial agreement never says more than the exact one (a rare swap or typo estimated from few pairs would).
        if (level != Levels.Exact && field.Probabilities.TryGetValue(Levels.Exact, out var exact))
            weight = Math.Min(weight, ExactWeight(model, field, exact, a, frequencies));
        return new ComparisonResult(field.Field, level, p.M, u, weight, adjusted);
    }

    private static double ExactWeight(MatchModel model, FieldModel field, LevelProbability exact, MatchProfile a, ITermFrequencies? frequencies) =>
        field.TermFrequencyAdjusted && frequencies is not null && field.Comparator.TermOf(a) is { } term && frequencies.Frequency(field.Field, term) is { } frequency
            ? Math.Log2(exact.M / Math.Max(frequency, model.MinimumTermFrequency))
            : exact.Weight;
}

/// <summary>
/// <see cref="MatchScorer.Score"/> for one model, scoring many pairs: a comparison whose result depends only on
/// its field and level (every one, unless names are weighed by their frequency) is built once and shared.
/// </summary>
internal sealed class ScoringTable
{
    private readonly MatchModel model;
    private readonly ITermFrequencies? frequencies;
    // Per field: level → its result, or null when the result depends on the record (term frequencies).
    private readonly Dictionary<string, ComparisonResult>?[] shared;

    public ScoringTable(MatchModel model, ITermFrequencies? frequencies)
    {
        (this.model, this.frequencies) = (model, frequencies);
        shared = new Dictionary<string, ComparisonResult>?[model.Fields.Count];
        for (var i = 0; i < shared.Length; i++)
        {
            var field = model.Fields[i];
            if (field.TermFrequencyAdjusted && frequencies is not null) continue;
            var results = new Dictionary<string, ComparisonResult>(StringComparer.Ordinal);
            foreach (var (level, p) in field.Probabilities)
            {
                var weight = Math.Log2(p.M / p.U);
                if (level != Levels.Exact && field.Probabilities.TryGetValue(Levels.Exact, out var exact))
                    weight = Math.Min(weight, exact.Weight);
                results[level] = new ComparisonResult(field.Field, level, p.M, p.U, weight, false);
            }
            shared[i] = results;
        }
    }

    public (double Score, IReadOnlyList<ComparisonResult> Comparisons) Score(MatchProfile a, MatchProfile b)
    {
        var fields = model.Fields;
        var results = new List<ComparisonResult>(fields.Count);
        var score = 0.0;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Comparator.Compare(a, b) is not { } level) continue;
            ComparisonResult result;
            if (shared[i] is { } table)
            {
                if (!table.TryGetValue(level, out result!)) continue;
            }
            else if (MatchScorer.Compare(model, field, level, a, frequencies) is { } computed)
            {
                result = computed;
            }
            else
            {
                continue;
            }
            score += result.Weight;
            results.Add(result);
        }
        return (score, results);
    }
}

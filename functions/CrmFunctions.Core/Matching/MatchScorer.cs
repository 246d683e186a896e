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
            if (field.Comparator.Compare(a, b) is not { } level) continue;
            if (!field.Probabilities.TryGetValue(level, out var p)) continue;
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
            score += weight;
            results.Add(new ComparisonResult(field.Field, level, p.M, u, weight, adjusted));
        }
        return (score, results);
    }

    private static double ExactWeight(MatchModel model, FieldModel field, LevelProbability exact, MatchProfile a, ITermFrequencies? frequencies) =>
        field.TermFrequencyAdjusted && frequencies is not null && field.Comparator.TermOf(a) is { } term && frequencies.Frequency(field.Field, term) is { } frequency
            ? Math.Log2(exact.M / Math.Max(frequency, model.MinimumTermFrequency))
            : exact.Weight;
}

namespace CrmFunctions.Core.Matching;

/// <summary>How common a value is in the base, per field: "Martin" agreeing says less than "Zylberstein" agreeing.</summary>
public interface ITermFrequencies
{
    /// <returns>Share of records with this value among those with a value, or null when unknown.</returns>
    double? Frequency(string field, string value);
}

/// <summary>Term frequencies counted from a set of records (a snapshot of the base, or the data being evaluated).</summary>
public sealed class TermFrequencyTable : ITermFrequencies
{
    private readonly Dictionary<string, (Dictionary<string, int> Counts, int Total)> fields;

    private TermFrequencyTable(Dictionary<string, (Dictionary<string, int>, int)> fields) => this.fields = fields;

    public static TermFrequencyTable Build(IEnumerable<MatchProfile> profiles, MatchModel model)
    {
        var comparators = model.Fields.Where(f => f.TermFrequencyAdjusted).Select(f => f.Comparator).ToList();
        var counts = comparators.ToDictionary(c => c.Field, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
        var totals = comparators.ToDictionary(c => c.Field, _ => 0, StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            foreach (var comparator in comparators)
            {
                if (comparator.TermOf(profile) is not { } term) continue;
                var table = counts[comparator.Field];
                table[term] = table.GetValueOrDefault(term) + 1;
                totals[comparator.Field]++;
            }
        }
        return new TermFrequencyTable(counts.ToDictionary(kv => kv.Key, kv => (kv.Value, totals[kv.Key]), StringComparer.Ordinal));
    }

    public double? Frequency(string field, string value) =>
        fields.TryGetValue(field, out var table) && table.Total > 0 && table.Counts.TryGetValue(value, out var count)
            ? (double)count / table.Total
            : null;

    /// <summary>The values seen at least <paramref name="minimumCount"/> times, at most <paramref name="maxValues"/> per field, as shares: what a stored model keeps.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Shares(int minimumCount = 2, int maxValues = 20_000) =>
        fields.Where(f => f.Value.Total > 0).ToDictionary(
            f => f.Key,
            f => (IReadOnlyDictionary<string, double>)f.Value.Counts.Where(c => c.Value >= minimumCount).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(maxValues).ToDictionary(c => c.Key, c => (double)c.Value / f.Value.Total, StringComparer.Ordinal),
            StringComparer.Ordinal);
}

/// <summary>Term frequencies kept in a stored model (<see cref="MatchModel.TermFrequencies"/>).</summary>
public sealed class StoredTermFrequencies(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> shares) : ITermFrequencies
{
    // A value the table does not list was rarer than every listed one.
    private readonly Dictionary<string, double> rarest = shares.Where(f => f.Value.Count > 0).ToDictionary(f => f.Key, f => f.Value.Values.Min(), StringComparer.Ordinal);

    public double? Frequency(string field, string value) =>
        !shares.TryGetValue(field, out var table) ? null
        : table.TryGetValue(value, out var share) ? share
        : rarest.TryGetValue(field, out var floor) ? floor
        : null;
}

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
}

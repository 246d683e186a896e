using System.Diagnostics;
using System.Globalization;
using CrmFunctions.Core.Evaluation;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Benchmarks.Matching;

/// <summary>
/// bench matcher: a generated base of hotel contacts (default 1,000,000, ~10% duplicates) pushed one by one
/// through normalization and the incremental matcher with the in-memory index, as the pipeline does; prints
/// records per second per stage and end to end, and the pairwise F1 against the generated truth.
/// </summary>
public static class MatcherBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = int.TryParse(Option(args, "--records"), out var n) ? n : 1_000_000;
        var duplicates = double.TryParse(Option(args, "--duplicates"), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0.1;
        var seed = int.TryParse(Option(args, "--seed"), out var s) ? s : 20261123;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

        var clock = Stopwatch.StartNew();
        var generated = new HotelContactGenerator(seed).Generate(records, duplicates);
        Console.WriteLine($"generated {generated.Count:N0} contacts ({generated.Count(g => g.RecordId[0] == 'd'):N0} duplicates) in {clock.Elapsed.TotalSeconds:F1} s");

        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var normalizer = new ContactNormalizer(new NormalizationOptions { DefaultCountry = "FR", Today = new DateOnly(2026, 11, 23) });
        var normalized = new NormalizedContact[generated.Count];
        clock.Restart();
        for (var i = 0; i < generated.Count; i++)
            normalized[i] = normalizer.Normalize(generated[i].Contact, new ContactOrigin("bench", generated[i].RecordId, epoch.AddSeconds(i)));
        var normalizeSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"normalize: {generated.Count / normalizeSeconds:N0} records/s ({normalizeSeconds:F1} s, one thread)");

        var store = new InMemoryGoldenRecordStore();
        var matcher = new IncrementalMatcher(new InMemoryMatchIndex(), store, MatchModel.Default);
        var deduplicator = new InMemoryDeduplicator(matcher, store, new Survivorship());
        var outcomes = new int[3];
        var explain = int.TryParse(Option(args, "--explain-false-merges"), out var k) ? k : 0;
        var entityOfRecord = explain > 0 ? generated.ToDictionary(g => g.RecordId, g => g.EntityId, StringComparer.Ordinal) : null;
        var falseMerges = new List<string>();
        clock.Restart();
        foreach (var contact in normalized)
        {
            var (decision, golden) = await deduplicator.AddAsync(contact, CancellationToken.None);
            outcomes[(int)decision.Outcome]++;
            if (entityOfRecord is not null && falseMerges.Count < explain && decision is { Outcome: MatchOutcome.Merge, Best: { } best }
                && golden.Members[0].Origin.SourceRecordId is var first && entityOfRecord[first] != entityOfRecord[contact.Origin!.SourceRecordId])
            {
                falseMerges.Add($"score {best.Score:F1} by {string.Join(",", best.FoundBy.Select(b => b.Kind))}: " +
                    string.Join(" ", best.Comparisons.Select(c => $"{c.Field}={c.Level}({c.Weight:F1})")));
            }
        }
        var matchSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"match + merge: {generated.Count / matchSeconds:N0} records/s ({matchSeconds:F1} s, one thread); " +
            $"new {outcomes[(int)MatchOutcome.NewRecord]:N0}, merged {outcomes[(int)MatchOutcome.Merge]:N0}, possible duplicates {outcomes[(int)MatchOutcome.PossibleDuplicate]:N0}");

        var total = normalizeSeconds + matchSeconds;
        var perSecond = generated.Count / total;
        var entityOf = generated.ToDictionary(g => g.RecordId, g => g.EntityId, StringComparer.Ordinal);
        var clusters = store.All().Select(g => (IReadOnlyList<string>)g.Members.Select(m => m.Origin.SourceRecordId).ToList()).ToList();
        var metrics = DedupEvaluator.Measure(clusters, entityOf, total);
        Console.WriteLine($"end to end: {perSecond:N0} records/s = {perSecond * 60:N0} per minute (goal 1,000,000 per minute)");
        Console.WriteLine($"golden records {clusters.Count:N0}; managed heap {GC.GetTotalMemory(false) / (1024 * 1024):N0} MB");
        foreach (var line in falseMerges) Console.WriteLine("false merge: " + line);
        Console.WriteLine(metrics.ToSummaryLine());
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

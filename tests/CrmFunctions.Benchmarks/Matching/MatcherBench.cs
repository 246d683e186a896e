using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using CrmFunctions.Core.Evaluation;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using static CrmFunctions.Benchmarks.Support.BenchArgs;

namespace CrmFunctions.Benchmarks.Matching;

/// <summary>
/// bench matcher: a generated base of hotel contacts (default 1,000,000, ~10% duplicates) pushed one by one
/// through normalization and the incremental matcher with the in-memory index, as the pipeline does. Prints
/// each stage alone on one thread, then both stages run as the pipeline runs them — normalization and
/// deduplication side by side, one contact after another through a bounded queue — end to end in records
/// per second, and the pairwise F1 against the generated truth.
/// </summary>
public static class MatcherBench
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var records = int.TryParse(Option(args, "--records"), out var n) ? n : 1_000_000;
        var duplicates = double.TryParse(Option(args, "--duplicates"), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0.1;
        var seed = int.TryParse(Option(args, "--seed"), out var s) ? s : 20261123;
        var explain = int.TryParse(Option(args, "--explain-false-merges"), out var k) ? k : 0;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, load average {LoadAverage()}");

        using var baseFile = Option(args, "--input") is { } input
            ? await GeneratedBaseFile.OpenAsync(input, CancellationToken.None)
            : await GenerateAsync(records, duplicates, seed, Option(args, "--csv-out"));
        if (Option(args, "--csv-out") is { } csv)
        {
            Console.WriteLine($"written to {csv} (tab-separated; eval-dedup --separator TAB --truth-column entity --id-column rec_id --map {string.Join(',', GeneratedBaseFile.Columns.Skip(2).Take(10).Select(c => c + "=" + c))}; matcher --input {csv})");
            return 0;
        }
        // From here on the base is read back from its file, as a backfill reads its export: what the process holds
        // is the matcher's.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var normalizer = new ContactNormalizer(new NormalizationOptions { DefaultCountry = "FR", Today = new DateOnly(2026, 11, 23) });

        // A model learnt with "model train" (Pipeline__ModelPath), else the built-in one, as the pipeline chooses.
        var model = Option(args, "--model") is { } modelFile ? MatchModelJson.Read(await File.ReadAllTextAsync(modelFile)) : MatchModel.Default;
        var fullGoldenRecords = Option(args, "--store") == "full";
        Console.WriteLine(fullGoldenRecords ? "golden records: whole, survivorship on every merge (--store full)" : "golden records: match profiles only (compact store)");

        var explained = await EachStageAloneAsync(baseFile, normalizer, new Deduplication(explain, baseFile, model, fullGoldenRecords));
        // The first matcher's state goes back to the system before the second one is built: the process's peak
        // memory is then one matcher's, whichever stage reached it.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var (metrics, goldenRecords, heap, held) = await SideBySideAsync(baseFile, normalizer, new Deduplication(0, baseFile, model, fullGoldenRecords));
        Console.WriteLine($"golden records {goldenRecords:N0}; managed heap {heap / (1024 * 1024):N0} MB, of which index and golden records {held / (1024 * 1024):N0} MB = {held / goldenRecords:N0} bytes per golden record; load average {LoadAverage()}");
        foreach (var line in explained) Console.WriteLine("false merge: " + line);
        Console.WriteLine(metrics.ToSummaryLine());
        return 0;
    }

    /// <summary>The generated base, written to <paramref name="csv"/> or to a file of its own for this run.</summary>
    private static async Task<GeneratedBaseFile> GenerateAsync(int records, double duplicates, int seed, string? csv)
    {
        var clock = Stopwatch.StartNew();
        var generated = new HotelContactGenerator(seed).Generate(records, duplicates);
        Console.WriteLine($"generated {generated.Count:N0} contacts ({generated.Count(g => g.RecordId[0] == 'd'):N0} duplicates) in {clock.Elapsed.TotalSeconds:F1} s");
        return await GeneratedBaseFile.WriteAsync(generated, csv, CancellationToken.None);
    }

    /// <summary>
    /// Normalization, then match + merge, each timed alone on one thread, a slice of the base at a time: only one
    /// slice of normalized contacts is held at once, as the pipeline holds only the messages in flight, so the
    /// memory the process takes is the matcher's. Its own method: once it returns, the matcher's state can go.
    /// </summary>
    private static async Task<List<string>> EachStageAloneAsync(GeneratedBaseFile baseFile, ContactNormalizer normalizer, Deduplication staged)
    {
        const int Slice = 10_000;
        var slice = new List<GeneratedContact>(Slice);
        var normalized = new NormalizedContact[Slice];
        long normalizeAllocated = 0, matchAllocated = 0;
        var normalizeClock = new Stopwatch();
        var matchClock = new Stopwatch();
        var start = 0;
        await using var records = baseFile.ReadAsync(CancellationToken.None).GetAsyncEnumerator();
        while (true)
        {
            slice.Clear();
            while (slice.Count < Slice && await records.MoveNextAsync()) slice.Add(records.Current);
            if (slice.Count == 0) break;
            var allocated = GC.GetTotalAllocatedBytes();
            normalizeClock.Start();
            for (var i = 0; i < slice.Count; i++) normalized[i] = Normalize(normalizer, slice[i], start + i);
            normalizeClock.Stop();
            normalizeAllocated += GC.GetTotalAllocatedBytes() - allocated;

            allocated = GC.GetTotalAllocatedBytes();
            matchClock.Start();
            for (var i = 0; i < slice.Count; i++) await staged.AddAsync(normalized[i]);
            matchClock.Stop();
            matchAllocated += GC.GetTotalAllocatedBytes() - allocated;
            start += slice.Count;
        }
        var normalizeSeconds = normalizeClock.Elapsed.TotalSeconds;
        var matchSeconds = matchClock.Elapsed.TotalSeconds;
        Console.WriteLine($"normalize alone: {start / normalizeSeconds:N0} records/s ({normalizeSeconds:F1} s, {normalizeAllocated / start:N0} bytes allocated per record)");
        Console.WriteLine($"match + merge alone: {start / matchSeconds:N0} records/s ({matchSeconds:F1} s, {matchAllocated / start:N0} bytes allocated per record); {staged.Outcomes()}");
        staged.Release();
        return staged.FalseMerges;
    }

    /// <summary>
    /// Both stages side by side, as the queue functions run: normalization feeding match + merge through a bounded
    /// queue. Also tells the live heap at the end and how much of it the matcher's index and golden records hold.
    /// </summary>
    private static async Task<(DedupMetrics Metrics, int GoldenRecords, long Heap, long Held)> SideBySideAsync(
        GeneratedBaseFile baseFile, ContactNormalizer normalizer, Deduplication pipelined)
    {
        var queue = Channel.CreateBounded<NormalizedContact>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        var clock = Stopwatch.StartNew();
        var producer = Task.Run(async () =>
        {
            var i = 0;
            await foreach (var record in baseFile.ReadAsync(CancellationToken.None)) await queue.Writer.WriteAsync(Normalize(normalizer, record, i++));
            queue.Writer.Complete();
        });
        await foreach (var contact in queue.Reader.ReadAllAsync()) await pipelined.AddAsync(contact);
        await producer;
        var seconds = clock.Elapsed.TotalSeconds;
        var perSecond = baseFile.Count / seconds;
        Console.WriteLine($"read + normalize + match + merge, side by side: {perSecond:N0} records/s = {perSecond * 60:N0} per minute ({seconds:F1} s; goal 1,000,000 per minute); {pipelined.Outcomes()}");
        var (metrics, goldenRecords) = pipelined.Measure(seconds);
        var heap = GC.GetTotalMemory(true);
        pipelined.Release();
        return (metrics, goldenRecords, heap, heap - GC.GetTotalMemory(true));
    }

    private static NormalizedContact Normalize(ContactNormalizer normalizer, GeneratedContact generated, int i) =>
        normalizer.Normalize(generated.Contact, new ContactOrigin("bench", generated.RecordId, Epoch.AddSeconds(i)));

    /// <summary>
    /// The in-memory index, store and matcher, with the outcome counts and a few explained false merges. By default
    /// the golden records are held as the matcher reads them (<see cref="CompactDeduplicator"/>); with
    /// <c>--store full</c> they are whole, with survivorship computed on every merge (<see cref="InMemoryDeduplicator"/>).
    /// </summary>
    private sealed class Deduplication
    {
        private readonly int[] outcomes = new int[3];
        private readonly int explain;
        private readonly GeneratedBaseFile truth;
        private CompactDeduplicator? compact;
        private InMemoryCandidateStore? candidates;
        private InMemoryDeduplicator? full;
        private InMemoryGoldenRecordStore? goldenRecords;

        public Deduplication(int explain, GeneratedBaseFile truth, MatchModel model, bool fullGoldenRecords)
        {
            (this.explain, this.truth) = (explain, truth);
            if (fullGoldenRecords)
            {
                goldenRecords = new InMemoryGoldenRecordStore();
                full = new InMemoryDeduplicator(new IncrementalMatcher(new InMemoryMatchIndex(), goldenRecords, model), goldenRecords, new Survivorship());
            }
            else
            {
                candidates = new InMemoryCandidateStore();
                compact = new CompactDeduplicator(new IncrementalMatcher(new InMemoryMatchIndex(), candidates, model), candidates);
            }
        }

        public List<string> FalseMerges { get; } = [];

        public async Task AddAsync(NormalizedContact contact)
        {
            MatchDecision decision;
            string firstMember;
            if (compact is not null)
            {
                var (d, golden) = await compact.AddAsync(contact, CancellationToken.None);
                (decision, firstMember) = (d, golden.Members[0].Origin.SourceRecordId);
            }
            else
            {
                var (d, golden) = await full!.AddAsync(contact, CancellationToken.None);
                (decision, firstMember) = (d, golden.Members[0].Origin.SourceRecordId);
            }
            outcomes[(int)decision.Outcome]++;
            if (FalseMerges.Count < explain && decision is { Outcome: MatchOutcome.Merge, Best: { } best }
                && truth.GuestOf(firstMember) != truth.GuestOf(contact.Origin!.SourceRecordId))
            {
                FalseMerges.Add($"score {best.Score:F1} by {string.Join(",", best.FoundBy.Select(b => b.Kind))}: " +
                    string.Join(" ", best.Comparisons.Select(c => $"{c.Field}={c.Level}({c.Weight:F1})")));
            }
        }

        /// <summary>The pairwise figures of the golden records against the generated truth, and how many there are.</summary>
        public (DedupMetrics Metrics, int GoldenRecords) Measure(double seconds)
        {
            var clusters = candidates is not null
                ? candidates.All().Select(g => g.Members.Select(m => truth.GuestOf(m.Origin.SourceRecordId)))
                : goldenRecords!.All().Select(g => g.Members.Select(m => truth.GuestOf(m.Origin.SourceRecordId)));
            var metrics = DedupEvaluator.Measure(clusters, truth.Guests(), seconds);
            return (metrics, candidates?.Count ?? goldenRecords!.All().Count);
        }

        /// <summary>Lets the index and the golden records go (the bench measures what they held).</summary>
        public void Release() => (compact, candidates, full, goldenRecords) = (null, null, null, null);

        public string Outcomes() =>
            $"new {outcomes[(int)MatchOutcome.NewRecord]:N0}, merged {outcomes[(int)MatchOutcome.Merge]:N0}, possible duplicates {outcomes[(int)MatchOutcome.PossibleDuplicate]:N0}";
    }

    // The machine is shared: the load says how much of the two cores the figures really had.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}

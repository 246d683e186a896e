using System.Diagnostics;
using System.Globalization;
using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Benchmarks.Support;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Benchmarks.Support.BenchArgs;

namespace CrmFunctions.Benchmarks.Barometers;

/// <summary>
/// bench barometers: does a refresh cost follow the new data or the history? Against one Azurite (in memory), the
/// Surveys table is filled with history (rows as intake writes them, received on past days, inserted in
/// transactions of 100 over parallel partitions) and counted in the barometers, then 10,000 new answers arrive
/// and the refresh that counts them (through the change feed, as after intake) is timed. Done with each history size in
/// turn (the same emulator keeps growing);
/// prints each time and the ratio largest ÷ smallest.
/// </summary>
public static class RefreshBench
{
    private static readonly string[] Properties = ["paris-opera", "lyon-bellecour", "nice-promenade", "bordeaux-quais", "lille-grand-place",
        "nantes-ile", "annecy-lac", "biarritz-plage", "strasbourg-petite-france", "marseille-vieux-port"];
    private static readonly string[] Segments = ["leisure", "business", "group", "unknown"];
    private static readonly string[] Channels = ["email", "sms", "web"];

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--history") ?? "100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var newAnswers = int.TryParse(Option(args, "--new"), out var n) ? n : 10_000;
        var rounds = int.TryParse(Option(args, "--rounds"), out var r) ? r : 3;
        var verbose = args.Contains("--phases");

        await using var host = await BarometerBenchHost.StartAsync();
        var (services, storage) = (host.Services, host.Storage);
        var refresher = services.GetRequiredService<BarometerRefresher>();

        Console.WriteLine($"history sizes {string.Join(", ", sizes)}; {newAnswers} new answers per refresh; {rounds} refreshes per size");
        var random = new Random(20261123);
        var stored = 0L;
        var days = new Dictionary<CrmFunctions.Core.Barometers.AggregateKey, CrmFunctions.Core.Barometers.BarometerAggregate>();
        var results = new List<(int History, double Median)>();
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            var toAdd = size - stored;
            var rows = await InsertAsync(services, random, toAdd, history: true);
            stored += toAdd;
            Console.WriteLine($"history {size}: {toAdd} fact rows inserted in {clock.Elapsed.TotalSeconds:F1} s ({toAdd / clock.Elapsed.TotalSeconds:F0} rows/s)");
            clock.Restart();
            await CountAsHistoryAsync(services, rows, days);
            Console.WriteLine($"history {size}: ledger, day aggregates and roll-ups of the new history written in {clock.Elapsed.TotalSeconds:F1} s");

            var times = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                await InsertAsync(services, random, newAnswers, history: false);
                stored += newAnswers;
                clock.Restart();
                var cpu = host.Azurite.EmulatorCpuTime;
                var phase = Stopwatch.StartNew();
                var summary = await refresher.RefreshAsync(null, verbose ? Phase : null, CancellationToken.None);
                Console.WriteLine($"history {size}: emulator used {(host.Azurite.EmulatorCpuTime - cpu).TotalSeconds:F2} s of CPU, " +
                                  $"holds {host.Azurite.EmulatorMemory / (1024 * 1024)} MiB");

                void Phase(string message)
                {
                    Console.WriteLine($"    {phase.Elapsed.TotalSeconds,7:F2} s  {message}");
                }
                times.Add(clock.Elapsed.TotalSeconds);
                Console.WriteLine($"history {size}: refresh {round + 1} read {summary.FactsRead} facts, updated {summary.DaysUpdated} days in {times[^1]:F2} s");
            }
            var median = times.Order().ElementAt(times.Count / 2);
            results.Add((size, median));
            Console.WriteLine($"history {size}: median refresh after {newAnswers} new answers {median:F2} s");
        }
        foreach (var (history, median) in results)
            Console.WriteLine($"RESULT history={history} new={newAnswers} refresh_median_s={median:F2}");
        Console.WriteLine($"RESULT ratio largest/smallest = {results[^1].Median / results[0].Median:F2} (goal <= 1.2)");
        return 0;
    }

    /// <summary>
    /// Puts the barometers in the state refreshes would have left after counting the history (its ledger rows, day
    /// aggregates, weeks and months, a watermark), computed by the pure core and written with the app's own stores:
    /// a first build over a million facts is a backfill, not what this bench measures, and takes long on Azurite.
    /// </summary>
    private static async Task CountAsHistoryAsync(ServiceProvider services, IReadOnlyList<TableEntity> rows,
        Dictionary<CrmFunctions.Core.Barometers.AggregateKey, CrmFunctions.Core.Barometers.BarometerAggregate> days)
    {
        var ledger = services.GetRequiredService<BarometerLedger>();
        var store = services.GetRequiredService<BarometerStore>();
        var keys = services.GetRequiredService<GuestKeyer>();
        var surveys = FactTables.Find(TableNames.Surveys)!;
        var changes = rows.Select(row => surveys.Read(row, keys)!).ToList();
        await ledger.WriteAsync(changes.Select(LedgerEntry.From).ToList(), CancellationToken.None);

        var before = days.ToDictionary(d => d.Key, d => d.Value);
        foreach (var change in changes)
            days[change.Day!] = (days.GetValueOrDefault(change.Day!) ?? CrmFunctions.Core.Barometers.BarometerAggregate.Empty).Add(change.Contribution);
        foreach (var kind in new[] { CrmFunctions.Core.Barometers.PeriodKind.Day, CrmFunctions.Core.Barometers.PeriodKind.IsoWeek, CrmFunctions.Core.Barometers.PeriodKind.Month })
        {
            var old = CrmFunctions.Core.Barometers.Rollup.ByPeriod(before, kind);
            var now = CrmFunctions.Core.Barometers.Rollup.ByPeriod(days, kind);
            var periods = now.Keys.Select(k => k.Period).Distinct().ToList();
            await Parallel.ForEachAsync(periods, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (period, ct) =>
            {
                static Dictionary<Slice, CrmFunctions.Core.Barometers.BarometerAggregate> Slices(
                    IReadOnlyDictionary<CrmFunctions.Core.Barometers.RollupKey, CrmFunctions.Core.Barometers.BarometerAggregate> all,
                    CrmFunctions.Core.Barometers.Period p) =>
                    all.Where(e => e.Key.Period == p).ToDictionary(e => new Slice(e.Key.Property, e.Key.Segment, e.Key.Channel), e => e.Value);
                await store.WritePeriodAsync(period, Slices(old, period), Slices(now, period), ct);
            });
        }
        var watermark = DateTimeOffset.UtcNow;
        await store.WriteStateAsync(watermark, watermark, new RefreshSummary(watermark, rows.Count, days.Count, 0, 0), CancellationToken.None);
    }

    /// <summary>Rows as SurveyRows writes them. History is received on the past 400 days; new answers today, for the past week.</summary>
    private static async Task<List<TableEntity>> InsertAsync(ServiceProvider services, Random random, long count, bool history)
    {
        var storage = services.GetRequiredService<StorageServices>();
        var now = DateTimeOffset.UtcNow;
        var rows = new List<TableEntity>((int)Math.Min(count, 2_000_000));
        for (long i = 0; i < count; i++)
        {
            var receivedAt = history
                ? now.AddDays(-2 - random.Next(400)).AddSeconds(-random.Next(86_400))
                : now;
            var submittedAt = receivedAt.AddHours(-random.Next(0, 24 * 7));
            var nps = random.Next(0, 11);
            rows.Add(new TableEntity(receivedAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                "sv-" + Guid.NewGuid().ToString("N")[..24])
            {
                ["Source"] = "bench",
                ["ResponseId"] = Guid.NewGuid().ToString("N"),
                ["ReceivedAt"] = receivedAt,
                ["SubmittedAt"] = submittedAt,
                ["SubmittedOn"] = submittedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["PropertyId"] = Properties[random.Next(Properties.Length)],
                ["Segment"] = Segments[random.Next(Segments.Length)],
                ["Channel"] = Channels[random.Next(Channels.Length)],
                ["Nps"] = nps,
                ["Csat"] = Math.Clamp(1 + nps / 2, 1, 5),
                ["Ces"] = random.Next(1, 8),
                ["Touchpoints"] = $$"""{"checkIn":{{random.Next(1, 6)}},"room":{{random.Next(1, 6)}},"breakfast":{{random.Next(1, 6)}}}""",
                ["Complaint"] = nps <= 2,
                ["ComplaintReason"] = nps <= 2 ? "noise" : null,
            });
        }
        await TableBatches.SubmitAsync(storage.GetTableClient(TableNames.Surveys), rows.Select(CrmFunctions.Ingest.Rows.WithoutNulls),
            TableTransactionActionType.UpsertReplace, CancellationToken.None, parallelism: 8);
        if (history) return rows;
        // New answers come through intake, which writes a change-feed row next to each fact.
        await TableBatches.SubmitAsync(storage.GetTableClient(TableNames.BarometerChanges), rows.Select(e => ChangeRows.For(TableNames.Surveys, e, now, services.GetRequiredService<GuestKeyer>())!),
            TableTransactionActionType.UpsertReplace, CancellationToken.None, parallelism: 8);
        return rows;
    }
}

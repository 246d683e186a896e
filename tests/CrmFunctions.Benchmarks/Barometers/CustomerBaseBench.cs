using System.Diagnostics;
using System.Globalization;
using CrmFunctions.Barometers;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;
using CrmFunctions.Benchmarks.Support;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Benchmarks.Support.BenchArgs;

namespace CrmFunctions.Benchmarks.Barometers;

/// <summary>
/// bench customer-base: the daily build of the customer-base snapshots. Against one Azurite (in memory), table
/// Contacts is filled with golden records as the pipeline stores them (one to three members, a stay each in the last
/// 400 days, e-mail, phone, consents), then the build (scan, summaries, six periods, snapshot rows) is timed.
/// </summary>
public static class CustomerBaseBench
{
    private static readonly string[] Properties = ["paris-opera", "lyon-bellecour", "nice-promenade", "bordeaux-quais", "lille-grand-place"];

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--guests") ?? "10000,20000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        await using var host = await BarometerBenchHost.StartAsync();
        var (services, storage) = (host.Services, host.Storage);
        var snapshots = services.GetRequiredService<CustomerBaseSnapshots>();

        var random = new Random(20261123);
        var stored = 0;
        foreach (var size in sizes)
        {
            var clock = Stopwatch.StartNew();
            await InsertAsync(storage, random, stored, size - stored);
            Console.WriteLine($"guests {size}: {size - stored} golden records inserted in {clock.Elapsed.TotalSeconds:F1} s");
            stored = size;
            var times = new List<double>();
            for (var round = 0; round < 3; round++)
            {
                clock.Restart();
                var read = await snapshots.BuildAsync(DateOnly.FromDateTime(DateTime.UtcNow), null, CancellationToken.None);
                times.Add(clock.Elapsed.TotalSeconds);
                Console.WriteLine($"guests {size}: build {round + 1} read {read} guests in {times[^1]:F2} s");
            }
            var median = times.Order().ElementAt(1);
            Console.WriteLine($"RESULT guests={size} build_median_s={median:F2} guests_per_s={size / median:F0}");
        }
        return 0;
    }

    private static async Task InsertAsync(StorageServices storage, Random random, int first, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var table = storage.GetTableClient(TableNames.Contacts);
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var r = new Random(i);
            var members = Enumerable.Range(0, 1 + r.Next(3)).Select(m =>
            {
                var departure = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-r.Next(400));
                var stay = new StayInput
                {
                    PropertyId = Properties[r.Next(Properties.Length)], ReservationId = $"R-{i}-{m}",
                    Arrival = departure.AddDays(-2), Departure = departure, RoomNights = 2, Revenue = 150 + r.Next(900), Currency = "EUR",
                };
                return new GoldenMember(new ContactOrigin("bench", $"{i}/{m}", now.AddDays(-r.Next(400))), new NormalizedContact { Stay = stay });
            }).ToList();
            var golden = new GoldenRecord
            {
                ContactId = $"ct-bench-{i:D8}",
                Members = members,
                Emails = [new SourcedValue<NormalizedEmail>(new NormalizedEmail($"guest{i}@example.org", $"guest{i}@example.org",
                    r.Next(10) == 0 ? EmailFlags.Placeholder : EmailFlags.None), ["bench"], now)],
                Phones = r.Next(2) == 0 ? [] : [new SourcedValue<NormalizedPhone>(new NormalizedPhone($"+3361{i:D7}", "FR", PhoneLineType.Mobile), ["bench"], now)],
                Consents = [new ConsentRecord(ConsentChannel.Email, r.Next(3) > 0, now.AddDays(-r.Next(400)), "bench")],
                UpdatedAt = now,
            };
            await table.UpsertEntityAsync(GoldenRecordStore.ToEntity(golden), TableUpdateMode.Replace, ct);
        });
    }
}

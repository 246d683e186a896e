using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using CrmFunctions.Benchmarks.Matching;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Hosting;
using CrmFunctions.Ingest;
using CrmFunctions.Pipeline;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Benchmarks.Support.BenchArgs;

namespace CrmFunctions.Benchmarks.Pipeline;

/// <summary>
/// bench pipeline: generated hotel contacts (with duplicates) through NormalizeContact → DeduplicateContact →
/// EnrichContact, the real handlers on the Table Storage stores of a fresh in-memory Azurite, several workers at
/// once. Counts the storage requests each contact costs (point reads, one-partition queries, writes) and how the
/// cost moves as the base grows. Queue transport is left out: it is the runner's and the host's, measured by
/// bench intake's queue put.
/// </summary>
public static class PipelineBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = int.TryParse(Option(args, "--records"), out var n) ? n : 2000;
        var share = double.TryParse(Option(args, "--duplicates"), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0.1;
        var concurrency = int.TryParse(Option(args, "--concurrency"), out var c) ? c : 8;
        var trace = args.Contains("--trace");

        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var counter = new RequestCounter();
        var storage = StorageServices.Create(new StorageSettings { ConnectionString = azurite.ConnectionString },
            options => options.AddPolicy(counter, HttpPipelinePosition.PerCall));
        await Task.WhenAll(TableNames.All.Select(t => storage.GetTableClient(t).CreateIfNotExistsAsync()));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultCountry"] = "FR",
            ["Privacy:KeySecret"] = Support.BarometerBenchHost.BenchSecret,
        }).Build();
        await using var root = new ServiceCollection().AddSingleton(storage).AddSingleton(TimeProvider.System).AddPipeline(configuration)
            .AddGuestKeys(configuration).AddPrivacy(new HostingMode(false, null)).BuildServiceProvider();
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var stages = new (string Function, IFunctionHandler Handler)[]
        {
            ("NormalizeContact", services.GetRequiredService<NormalizeContactHandler>()),
            ("DeduplicateContact", services.GetRequiredService<DeduplicateContactHandler>()),
            ("EnrichContact", services.GetRequiredService<EnrichContactHandler>()),
        };
        var golden = services.GetRequiredService<GoldenRecordStore>();

        var generated = new HotelContactGenerator().Generate(records, share);
        // --together: a guest's records one after the other, so the workers take them at the same instant.
        if (args.Contains("--together"))
            generated = generated.GroupBy(g => g.EntityId).SelectMany(g => g).ToList();
        var envelopes = generated.Select((g, i) => JsonSerializer.Serialize(new ContactEnvelope
        {
            IngestionId = "bench", Index = i, Source = "pms", ReceivedAt = DateTimeOffset.UtcNow, Contact = g.Contact,
        }, IntakeJson.Options)).ToList();
        Console.WriteLine($"{records} contacts ({share:P0} duplicates generated{(args.Contains("--together") ? ", a guest's records together" : "")}), " +
            $"{concurrency} workers, Azurite in memory");

        var placed = new ConcurrentDictionary<string, string>();
        // Cost per contact by twentieth of the run: flat if the cost does not grow with the base.
        var tenths = new List<(int Done, RequestCounts Counts, double Seconds)>();
        long next = -1;
        var watch = Stopwatch.StartNew();
        var inFlight = new ConcurrentDictionary<long, (string Function, string? Family, Stopwatch Watch)>();
        using var watchdog = new Timer(_ =>
        {
            foreach (var (record, (function, family, w)) in inFlight.Where(x => x.Value.Watch.Elapsed > TimeSpan.FromSeconds(5)))
                Console.WriteLine($"  stuck: record {record} in {function} for {w.Elapsed.TotalSeconds:F0} s (family name '{family}')");
        }, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < envelopes.Count)
            {
                var message = BinaryData.FromString(envelopes[(int)i]);
                foreach (var (function, handler) in stages)
                {
                    var stageWatch = Stopwatch.StartNew();
                    if (trace) inFlight[i] = (function, generated[(int)i].Contact.FamilyName, stageWatch);
                    var definition = FunctionCatalog.All.Single(f => f.Name == function);
                    var result = await handler.RunAsync(new FunctionContext(definition, message, TriggerMetadata.Empty, null), CancellationToken.None);
                    if (trace && stageWatch.Elapsed > TimeSpan.FromSeconds(1))
                        Console.WriteLine($"  slow: record {i} {function} {stageWatch.Elapsed.TotalSeconds:F1} s: {string.Join(" | ", result.Logs)}");
                    if (result.Outputs.Count == 0 || function == "EnrichContact") break;
                    message = BinaryData.FromString(result.Outputs.Single().Value.Single().ToJsonString());
                    if (function == "DeduplicateContact")
                        placed[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = JsonDocument.Parse(message).RootElement.GetProperty("contactId").GetString()!;
                }
                inFlight.TryRemove(i, out var finished);
                if ((i + 1) % Math.Max(1, records / 20) == 0)
                    lock (tenths) tenths.Add(((int)(i + 1), counter.Snapshot(), watch.Elapsed.TotalSeconds));
            }
        })));
        watch.Stop();
        var total = counter.Snapshot();

        // Where each contact ended, once every worker is done: a record merged into another afterwards counts as that one.
        var live = new ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(placed.Values.Distinct(), async (id, ct) =>
            live[id] = (await golden.FindLiveAsync(id, ct))?.ContactId ?? id);
        var truth = generated.Select((g, i) => (g.EntityId, Placed: live[placed[i.ToString(System.Globalization.CultureInfo.InvariantCulture)]])).ToList();
        var entities = truth.Select(t => t.EntityId).Distinct().Count();
        if (args.Contains("--show-splits"))
            foreach (var split in truth.Select((t, i) => (t.EntityId, t.Placed, Contact: generated[i].Contact)).GroupBy(t => t.EntityId)
                         .Where(g => g.Select(t => t.Placed).Distinct().Count() > 1))
            {
                Console.WriteLine($"guest {split.Key} split over {split.Select(t => t.Placed).Distinct().Count()} golden records:");
                foreach (var member in split)
                    Console.WriteLine($"  {member.Placed}: {JsonSerializer.Serialize(member.Contact, IntakeJson.Options)}");
            }
        var goldens = truth.Select(t => t.Placed).Distinct().Count();
        foreach (var (done, counts, seconds) in tenths.OrderBy(t => t.Done))
            Console.WriteLine($"  after {done,6}: {counts.PointReads / (double)done,5:F1} point reads, {counts.Queries / (double)done,5:F1} queries, {counts.Writes / (double)done,5:F1} writes per contact so far, {done / seconds,6:F0} contacts/s");
        var ordered = tenths.OrderBy(t => t.Done).ToList();
        if (ordered.Count >= 2)
        {
            var (firstDone, firstCounts) = (ordered[0].Done, ordered[0].Counts);
            var (lastDone, lastCounts) = (ordered[^1].Done, ordered[^1].Counts);
            var span = lastDone - firstDone;
            Console.WriteLine($"last 90% only: {(lastCounts.PointReads - firstCounts.PointReads) / (double)span:F2} point reads, " +
                $"{(lastCounts.Queries - firstCounts.Queries) / (double)span:F2} queries, {(lastCounts.Writes - firstCounts.Writes) / (double)span:F2} writes per contact");
        }
        Console.WriteLine($"records={records} golden_records={goldens} true_guests={entities} seconds={watch.Elapsed.TotalSeconds:F1} " +
            $"contacts_per_second={records / watch.Elapsed.TotalSeconds:F0} point_reads_per_contact={total.PointReads / (double)records:F2} " +
            $"queries_per_contact={total.Queries / (double)records:F2} writes_per_contact={total.Writes / (double)records:F2}");
        return 0;
    }


    public sealed record RequestCounts(long PointReads, long Queries, long Writes);

    /// <summary>Counts table requests by kind as they leave the pipeline (retries counted once).</summary>
    private sealed class RequestCounter : HttpPipelinePolicy
    {
        private long pointReads, queries, writes;

        public RequestCounts Snapshot() => new(Interlocked.Read(ref pointReads), Interlocked.Read(ref queries), Interlocked.Read(ref writes));

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Count(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Count(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Count(HttpMessage message)
        {
            var path = message.Request.Uri.Path;
            if (message.Request.Method == RequestMethod.Get)
            {
                if (path.Contains("(PartitionKey=", StringComparison.Ordinal)) Interlocked.Increment(ref pointReads);
                else Interlocked.Increment(ref queries);
            }
            else
            {
                Interlocked.Increment(ref writes);
            }
        }
    }
}

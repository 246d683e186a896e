using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using CrmFunctions.Campaigns;
using CrmFunctions.Campaigns.StandIn;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Intake;
using CrmFunctions.Hosting;
using CrmFunctions.Ingest;
using CrmFunctions.Pipeline;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Benchmarks.Support.BenchArgs;

namespace CrmFunctions.Benchmarks.Campaigns;

/// <summary>
/// bench dispatch: N guests who consented to e-mail placed as golden records through the real pipeline stages on a
/// fresh in-memory Azurite, then one service-recovery trigger each on campaign-triggers, taken off the queue and run
/// through the real DispatchCampaignTrigger handler by several workers at once (default 8), against the local Brevo
/// stand-in (brevo-standin) on a free port. Each message costs what it costs in production: a queue receive, the
/// sent-log read, the golden record, suppressions and weekly cap, the reservation, Brevo's HTTP call, the sent row, the
/// message-id index row, the weekly-cap row and the queue delete. Prints messages per second.
/// </summary>
public static class DispatchBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var guests = int.TryParse(Option(args, "--guests"), out var n) ? n : 2000;
        var concurrency = int.TryParse(Option(args, "--concurrency"), out var c) ? c : 8;

        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var brevo = await BrevoStandIn.StartAsync(0, null, null, CancellationToken.None);
        var storage = StorageServices.Create(new StorageSettings { ConnectionString = azurite.ConnectionString });
        await Task.WhenAll(TableNames.All.Select(t => storage.GetTableClient(t).CreateIfNotExistsAsync()));
        await Task.WhenAll(QueueNames.All.Select(q => storage.GetQueueClient(q).CreateIfNotExistsAsync()));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultCountry"] = "FR",
            ["Privacy:KeySecret"] = Support.BarometerBenchHost.BenchSecret,
            ["Campaigns:Brevo:BaseUrl"] = brevo.BaseUrl.ToString(),
            ["Campaigns:Brevo:ApiKey"] = "bench-key",
            ["Campaigns:Brevo:Templates:service_recovery:default"] = "1",
            ["Campaigns:Destinations:service_recovery"] = Destinations.Brevo,
            // Every trigger is sent now whatever the hour the bench runs at: what is timed is the sending.
            ["Campaigns:QuietHours:Start"] = "00:00",
            ["Campaigns:QuietHours:End"] = "00:00",
        }).Build();
        await using var root = new ServiceCollection().AddLogging().AddSingleton(storage).AddSingleton(TimeProvider.System)
            .AddPipeline(configuration).AddGuestKeys(configuration).AddPrivacy(new HostingMode(false, null)).AddCampaigns(configuration)
            .BuildServiceProvider();
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;

        var watch = Stopwatch.StartNew();
        var contactIds = await PlaceGuestsAsync(services, guests, concurrency);
        Console.WriteLine($"{contactIds.Count} golden records with e-mail consent placed in {watch.Elapsed.TotalSeconds:F0} s");

        var queue = storage.GetQueueClient(QueueNames.CampaignTriggers);
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(contactIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
            await queue.SendMessageAsync(JsonSerializer.Serialize(Trigger(id, now), PipelineJson.Options), ct));
        Console.WriteLine($"{contactIds.Count} triggers queued on {QueueNames.CampaignTriggers}; dispatching with {concurrency} at once to {brevo.BaseUrl}");

        var handler = services.GetRequiredService<DispatchCampaignTriggerHandler>();
        var definition = FunctionCatalog.All.Single(f => f.Name == "DispatchCampaignTrigger");
        var failures = new ConcurrentBag<string>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var done = 0;
        watch.Restart();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref done) + failures.Count < contactIds.Count)
            {
                var received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value;
                if (received.Length == 0) continue;
                var message = received[0];
                try
                {
                    var result = await handler.RunAsync(new FunctionContext(definition, message.Body, TriggerMetadata.Empty, null), CancellationToken.None);
                    // "trigger … sent by brevo as …", "trigger … skipped: no-consent", ...: the outcome without its ids.
                    foreach (var line in result.Logs) outcomes.AddOrUpdate(Outcome(line), 1, (_, k) => k + 1);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    Interlocked.Increment(ref done);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failures.Add(e.GetType().Name + ": " + e.Message);
                }
            }
        })));
        watch.Stop();

        var sent = brevo.Sent.Values.Sum();
        foreach (var failure in failures.Distinct().Take(5)) Console.WriteLine("  failed: " + failure);
        foreach (var (outcome, count) in outcomes) Console.WriteLine($"  {count} × {outcome}");
        Console.WriteLine($"guests={guests} concurrency={concurrency} dispatched={done} failed={failures.Count} brevo_201={sent} " +
            $"seconds={watch.Elapsed.TotalSeconds:F1} messages_per_second={done / watch.Elapsed.TotalSeconds:F0}");
        return failures.IsEmpty && sent == contactIds.Count ? 0 : 1;
    }

    private static string Outcome(string log) =>
        System.Text.RegularExpressions.Regex.Replace(log, @"ct-\S+|<[^>]+>", "…");

    private static CampaignTrigger Trigger(string contactId, DateTimeOffset now) => new()
    {
        Kind = TriggerKinds.ServiceRecovery,
        Channel = "email",
        TemplateKey = "service-recovery.fr",
        ContactId = contactId,
        Reason = TriggerReasons.Detractor,
        DeduplicationKey = $"{contactId}:service-recovery:detractor:{now:yyyy-MM}",
        NotBefore = now.AddMinutes(-1),
        Language = "fr",
        ResponseId = "bench-" + contactId,
    };

    /// <summary>Guests who consented to e-mail long ago (no welcome of their own), through normalize, dedupe and enrich.</summary>
    private static async Task<List<string>> PlaceGuestsAsync(IServiceProvider services, int guests, int concurrency)
    {
        var stages = new[] { "NormalizeContact", "DeduplicateContact", "EnrichContact" }
            .Select(name => FunctionCatalog.All.Single(f => f.Name == name))
            .Select(f => (Definition: f, Handler: (IFunctionHandler)services.GetRequiredService(f.HandlerType!)))
            .ToList();
        var consentedAt = DateTimeOffset.UtcNow.AddDays(-60);
        var placed = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, guests), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var message = BinaryData.FromString(JsonSerializer.Serialize(new ContactEnvelope
            {
                IngestionId = "bench-dispatch", Index = i, Source = "web-form", ReceivedAt = DateTimeOffset.UtcNow,
                Contact = new ContactInput
                {
                    GivenName = "Guest" + i, FamilyName = "Bench" + i, Emails = [$"guest{i}.bench@example.fr"], Country = "FR", Language = "fr",
                    Consents = [new ConsentInput { Channel = "email", Granted = true, At = consentedAt, Source = "web-form" }],
                },
            }, IntakeJson.Options));
            foreach (var (definition, handler) in stages)
            {
                var result = await handler.RunAsync(new FunctionContext(definition, message, TriggerMetadata.Empty, null), ct);
                if (result.Outputs.Count == 0 || definition.Name == "EnrichContact") break;
                message = BinaryData.FromString(result.Outputs.Single().Value.Single().ToJsonString());
                if (definition.Name == "DeduplicateContact")
                    placed.Add(JsonDocument.Parse(message).RootElement.GetProperty("contactId").GetString()!);
            }
        });
        return [.. placed.Distinct()];
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using CrmFunctions.Benchmarks.Matching;
using CrmFunctions.Benchmarks.Support;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Interactions;
using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Surveys;
using CrmFunctions.Hosting;
using CrmFunctions.Ingest;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Benchmarks.Support.BenchArgs;

namespace CrmFunctions.Benchmarks.Privacy;

/// <summary>
/// bench erasure: a guest base built through the real pipeline stages on a fresh in-memory Azurite (contacts archived
/// in batches of 500, and per guest an answer archived on its own, a call and a campaign event), then the access
/// export and the erasure of a few guests, each timed: what a data protection officer waits for at that base size.
/// </summary>
public static class ErasureBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var guests = int.TryParse(Option(args, "--guests"), out var n) ? n : 10_000;
        var samples = int.TryParse(Option(args, "--erasures"), out var e) ? e : 5;
        // --unlisted: payloads archived without the guest keys they name (as before keys were noted): every erasure reads them all.
        var unlisted = args.Contains("--unlisted");
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrmStorage"] = azurite.ConnectionString,
            ["Privacy:KeySecret"] = BarometerBenchHost.BenchSecret,
            ["Pipeline:DefaultCountry"] = "FR",
        }).Build();
        await using var services = PrivacyCommand.BuildServices(configuration);
        var storage = services.GetRequiredService<StorageServices>();
        await Task.WhenAll(TableNames.All.Select(t => storage.GetTableClient(t).CreateIfNotExistsAsync()));
        await Task.WhenAll(ContainerNames.All.Select(c => storage.GetBlobContainerClient(c).CreateIfNotExistsAsync()));
        await Task.WhenAll(QueueNames.All.Select(q => storage.GetQueueClient(q).CreateIfNotExistsAsync()));

        var generated = new HotelContactGenerator().Generate(guests, 0.1);
        var watch = Stopwatch.StartNew();
        var envelopes = await ArchiveContactsAsync(storage, generated);
        await RunPipelineAsync(services, envelopes);
        var facts = await StoreFactsAsync(storage, generated, unlisted ? null : services.GetRequiredService<GuestKeyer>());
        Console.WriteLine($"archive: {(unlisted ? "payloads without their guest keys" : "payloads with their guest keys, as the intake archives them")}");
        Console.WriteLine($"{guests} contacts through the pipeline and {facts} fact rows and payloads stored in {watch.Elapsed.TotalSeconds:F0} s");

        var export = services.GetRequiredService<GuestExport>();
        var eraser = services.GetRequiredService<GuestEraser>();
        var clock = TimeProvider.System;
        var exportSeconds = new List<double>();
        var erasureSeconds = new List<double>();
        foreach (var contact in Enumerable.Range(0, samples).Select(i => generated[(i * 7919 + 13) % generated.Count].Contact))
        {
            var subject = new PrivacySubject(contact.Emails?.FirstOrDefault(), contact.Emails is { Count: > 0 } ? null : contact.Phones?.FirstOrDefault(), null);
            if (subject.Email is null && subject.Phone is null) continue;
            watch.Restart();
            var found = await export.ExportAsync(subject, "bench", CancellationToken.None);
            exportSeconds.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            var done = await eraser.EraseAsync(PrivacyRecord.NewErasure(subject, "bench", null, clock.GetUtcNow()), subject, CancellationToken.None);
            erasureSeconds.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"  export {exportSeconds[^1]:F2} s ({found.Counts.Values.Sum()} items), erasure {erasureSeconds[^1]:F2} s: " +
                string.Join(", ", done.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")));
        }
        Console.WriteLine($"guests={guests} erasures={erasureSeconds.Count} export_median_s={Median(exportSeconds):F2} erasure_median_s={Median(erasureSeconds):F2} " +
            $"erasure_max_s={erasureSeconds.DefaultIfEmpty().Max():F2}");
        return 0;
    }

    private static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    /// <summary>The contacts as the intake archives them: batches of 500, each record's envelope pointing at its place.</summary>
    private static async Task<List<string>> ArchiveContactsAsync(StorageServices storage, IReadOnlyList<GeneratedContact> generated)
    {
        var raw = storage.GetBlobContainerClient(ContainerNames.Raw);
        var envelopes = new List<string>();
        foreach (var (batch, b) in generated.Chunk(500).Select((batch, b) => (batch, b)))
        {
            var ticket = new IngestionTicket(IngestionIds.New(DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);
            var body = new JsonObject { ["source"] = "pms", ["contacts"] = JsonSerializer.SerializeToNode(batch.Select(g => g.Contact), IntakeJson.Options) };
            await raw.GetBlobClient(IngestionService.RawBlobPath("contacts", ticket)).UploadAsync(BinaryData.FromString(body.ToJsonString()),
                new BlobUploadOptions { Metadata = new Dictionary<string, string> { [RawGuestKeys.Metadata] = RawGuestKeys.Many } });
            envelopes.AddRange(batch.Select((g, i) => JsonSerializer.Serialize(new ContactEnvelope
            {
                IngestionId = ticket.IngestionId, Index = i, Source = "pms", ReceivedAt = ticket.ReceivedAt, Contact = g.Contact,
            }, IntakeJson.Options)));
        }
        return envelopes;
    }

    private static async Task RunPipelineAsync(IServiceProvider services, IReadOnlyList<string> envelopes)
    {
        await using var scope = services.CreateAsyncScope();
        var stages = new[] { "NormalizeContact", "DeduplicateContact", "EnrichContact" }
            .Select(name => FunctionCatalog.All.Single(f => f.Name == name))
            .Select(f => (Definition: f, Handler: (IFunctionHandler)scope.ServiceProvider.GetRequiredService(f.HandlerType!)))
            .ToList();
        await Parallel.ForEachAsync(envelopes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (envelope, ct) =>
        {
            var message = BinaryData.FromString(envelope);
            foreach (var (definition, handler) in stages)
            {
                var result = await handler.RunAsync(new FunctionContext(definition, message, TriggerMetadata.Empty, null), ct);
                if (result.Outputs.Count == 0 || definition.Name == "EnrichContact") break;
                message = BinaryData.FromString(result.Outputs.Single().Value.Single().ToJsonString());
            }
        });
    }

    /// <summary>Per guest: an answer (archived on its own, as a survey webhook is), a call and a campaign event.</summary>
    private static async Task<int> StoreFactsAsync(StorageServices storage, IReadOnlyList<GeneratedContact> generated, GuestKeyer? keyer)
    {
        var raw = storage.GetBlobContainerClient(ContainerNames.Raw);
        var surveys = new List<TableEntity>();
        var interactions = new List<TableEntity>();
        var events = new List<TableEntity>();
        var now = DateTimeOffset.UtcNow;
        foreach (var (g, i) in generated.Select((g, i) => (g, i)))
        {
            var ticket = new IngestionTicket(IngestionIds.New(now), now);
            var email = g.Contact.Emails?.FirstOrDefault();
            var phone = g.Contact.Phones?.FirstOrDefault();
            var survey = new SurveyInput
            {
                SurveyId = "post-stay", ResponseId = "r-" + i, PropertyId = "paris-opera", Nps = i % 11, SubmittedAt = now.AddDays(-1),
                Comment = "Séjour agréable, petit-déjeuner à revoir.", Respondent = new SurveyRespondent { Email = email, Phone = phone, GivenName = g.Contact.GivenName },
            };
            surveys.Add(SurveyRows.ToEntity("sv-" + i, "surveys", ticket, survey));
            interactions.Add(InteractionRows.ToEntity("contact-centre", ticket, new InteractionInput
            {
                Id = "call-" + i, Channel = "phone", PropertyId = "paris-opera", ReceivedAt = now.AddDays(-2), Type = "request",
                Contact = new ContactPoint { Email = email, Phone = phone },
            }));
            events.Add(CampaignEventRows.ToEntity("campaign-events", ticket, new Core.Campaigns.CampaignEventInput
            {
                Provider = "brevo", MessageId = "m-" + i, CampaignId = "post-stay", Type = "delivered", Time = now.AddDays(-3),
                Contact = new ContactPoint { Email = email, Phone = phone },
            }));
            var metadata = keyer is null ? null : new Dictionary<string, string> { [RawGuestKeys.Metadata] = RawGuestKeys.Describe(keyer.AllOf([email], [phone]))! };
            await raw.GetBlobClient(IngestionService.RawBlobPath("surveys", ticket)).UploadAsync(BinaryData.FromObjectAsJson(survey, IntakeJson.Options),
                new BlobUploadOptions { Metadata = metadata });
        }
        foreach (var (table, rows) in new[] { (TableNames.Surveys, surveys), (TableNames.Interactions, interactions), (TableNames.CampaignEvents, events) })
            await TableBatches.SubmitAsync(storage.GetTableClient(table), rows, TableTransactionActionType.UpsertReplace, CancellationToken.None);
        return surveys.Count * 4;
    }
}

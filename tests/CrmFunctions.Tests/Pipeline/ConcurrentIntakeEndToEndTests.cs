using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Pipeline;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Pipeline;

/// <summary>
/// One guest sent by the PMS, by the website and by the survey tool at the same instant, through the public API and
/// the standalone runner processing several messages at once: one golden record, the answer linked to it.
/// </summary>
public sealed class ConcurrentIntakeEndToEndTests(AzuriteFixture azurite) : AppTest(azurite, factory =>
{
    factory.Settings["Runner:Enabled"] = "true";
    factory.Settings["Runner:Concurrency"] = "8";
    // An idle queue is polled at most every 2 s: the three messages of each stage wait for the next poll and are
    // received, and processed, together.
    factory.Settings["Runner:MaxPollIntervalMilliseconds"] = "2000";
    factory.Settings["Pipeline:DefaultCountry"] = "FR";
})
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_guest_sent_by_three_systems_at_the_same_instant_is_one_golden_record_with_the_answer_linked()
    {
        var email = $"ines.{Guid.NewGuid():N}@example.fr";
        var phone = "+3361" + Random.Shared.Next(1_000_000, 9_999_999);
        var answeredAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var pms = $$"""{"source":"pms","contacts":[{"givenName":"Inès","familyName":"Carpentier","emails":["{{email}}"],"phones":["{{phone}}"],"country":"FR"}]}""";
        var web = $$"""{"source":"web-form","contacts":[{"givenName":"INES","familyName":"CARPENTIER","emails":["{{email.ToUpperInvariant()}}"],"phones":["{{phone}}"]}]}""";
        var answer = $$"""
            {"surveyId":"post-stay-2026","responseId":"resp-{{Guid.NewGuid():N}}","propertyId":"paris-opera","channel":"email",
             "respondent":{"email":"{{email}}","givenName":"Inès","familyName":"Carpentier"},"nps":10,"submittedAt":"{{answeredAt}}"}
            """;

        var posted = await Task.WhenAll(
            Client.PostAsync("/api/contacts", Signing.Json(pms)),
            Client.PostAsync("/api/contacts", Signing.Json(web)),
            Client.SendAsync(Signing.SignedPost("/api/surveys", answer, CrmAppFactory.SurveysSecret)));
        Assert.All(posted, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var receipts = await Task.WhenAll(posted.Select(async r => (await r.Content.ReadFromJsonAsync<JsonObject>())!));
        var surveyId = (string)receipts[2]["surveyId"]!;
        foreach (var (source, receipt) in new[] { ("pms", receipts[0]), ("web-form", receipts[1]), ("surveys", receipts[2]) })
            await Probe.WaitPlacedAsync(source, (string)receipt["ingestionId"]!, 1);

        var sources = new SourceRecordMap(Azurite.CreateServices().GetTableClient(TableNames.ContactSources));
        var golden = new GoldenRecordStore(Azurite.CreateServices().GetTableClient(TableNames.Contacts));
        var placed = new List<string>();
        foreach (var (source, receipt) in new[] { ("pms", receipts[0]), ("web-form", receipts[1]), ("surveys", receipts[2]) })
        {
            var id = await sources.GetAsync($"{source}/{(string)receipt["ingestionId"]!}/0", CancellationToken.None);
            placed.Add((await golden.FindLiveAsync(id, CancellationToken.None))!.ContactId);
        }
        var guest = Assert.Single(placed.Distinct());
        await Probe.WaitUntilAsync(async () => (await GoldenAsync(guest))["profile"]?["latestSurveyId"]?.GetValue<string>() == surveyId);
        var view = await GoldenAsync(guest);
        Assert.Equal(["pms", "surveys", "web-form"], view["goldenRecord"]!["members"]!.AsArray()
            .Select(m => (string)m!["origin"]!["source"]!).Order());
        Assert.Equal(surveyId, (string?)Assert.Single(view["surveys"]!.AsArray())!["surveyId"]);
        Assert.Equal("promoter", (string?)view["profile"]!["npsCategory"]);
        var surveyRow = await Azurite.CreateServices().GetTableClient(TableNames.Surveys)
            .GetEntityOrDefaultAsync((string)receipts[2]["surveyPartition"]!, surveyId);
        Assert.Equal(guest, surveyRow!.GetString("ContactId"));
    }

    private PipelineProbe Probe => new(Azurite, Factory.Logs, Patience);
}

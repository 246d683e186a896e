using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Pipeline;

/// <summary>
/// Guests with known duplicates posted through the public API, cleaned by the three queue functions run by the
/// standalone trigger runner against a real Azurite, then read back as golden records.
/// </summary>
public sealed class PipelineEndToEndTests(AzuriteFixture azurite) : AppTest(azurite, CrmAppFactory.RunPipelineInOrder)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // Consent and answer dated relative to now: campaign rules only act on recent events.
    private static readonly string ConsentAt = DateTimeOffset.UtcNow.AddDays(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string AnsweredAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string PmsBatch = $$$"""
        {"source":"pms","contacts":[
          {"givenName":"Élodie","familyName":"de la Tour","emails":["elodie.delatour@example.fr"],"phones":["06 12 34 56 78"],
           "country":"FR","birthDate":"1985-04-12","externalIds":{"pms":"G-1042"},
           "consents":[{"channel":"email","granted":true,"at":"{{{ConsentAt}}}","source":"booking-engine"}],
           "stay":{"propertyId":"paris-opera","reservationId":"R-1","arrival":"2026-11-18","departure":"2026-11-21","roomNights":3,"revenue":612.5,"currency":"EUR"}},
          {"givenName":"Jean-Luc","familyName":"Martin","emails":["jl.martin@gmail.com"],"phones":["0033 6 98 76 54 32"],"country":"FR",
           "externalIds":{"pms":"G-2001"}},
          {"givenName":"Sophie","familyName":"Müller","phones":["030 1234567"],"country":"DE","birthDate":"1979-09-30",
           "address":{"street":"Hauptstraße 5","postalCode":"10115","city":"Berlin","country":"DE"}},
          {"givenName":"Claire","familyName":"Martin","emails":["claire.martin@example.com"],"phones":["06 55 44 33 22"],"country":"FR"}
        ]}
        """;

    // Same guests as another system typed them: case and accents, an e-mail alias, phone formats, swapped names, a surname typo.
    private const string WebFormBatch = """
        {"source":"web-form","contacts":[
          {"givenName":"ELODIE","familyName":"DE LA TOUR","emails":["Elodie.DelaTour+spa@Example.FR"],"phones":["+33 6 12 34 56 78"],"language":"fr"},
          {"givenName":"MARTIN","familyName":"Jean-Luc","emails":["jlmartin@googlemail.com"],"phones":["06.98.76.54.32"]},
          {"givenName":"Sophie","familyName":"Müler","phones":["+49 (0)30 1234567"],"birthDate":"1979-09-30","country":"DE"}
        ]}
        """;

    // The loyalty programme knows Élodie only by the PMS guest number.
    private const string LoyaltyContact = """
        {"givenName":"Elodie","familyName":"De La Tour","externalIds":{"pms":"G-1042","loyalty":"LY-77"}}
        """;

    private static readonly string DetractorSurvey = $$"""
        {"surveyId":"post-stay-2026","responseId":"resp-e2e-1","propertyId":"paris-opera","arrival":"2026-11-18","departure":"2026-11-21",
         "channel":"email","respondent":{"email":"ELODIE.DELATOUR@example.fr","givenName":"Elodie","familyName":"de la Tour"},"nps":3,"csat":2,
         "comment":"Chambre bruyante","complaint":true,"complaintReason":"noise","submittedAt":"{{AnsweredAt}}"}
        """;

    [Fact]
    public async Task Duplicates_posted_through_the_api_end_in_the_expected_golden_records_with_merge_log_and_linked_survey()
    {
        var pms = await PostContactsAsync("/api/contacts", PmsBatch);
        await WaitPlacedAsync("pms", pms, 4);
        var webForm = await PostContactsAsync("/api/contacts", WebFormBatch);
        await WaitPlacedAsync("web-form", webForm, 3);
        var loyalty = await PostContactsAsync("/api/contacts?source=loyalty", LoyaltyContact);
        await WaitPlacedAsync("loyalty", loyalty, 1);
        var survey = await Client.SendAsync(Signing.SignedPost("/api/surveys", DetractorSurvey, CrmAppFactory.SurveysSecret));
        Assert.Equal(HttpStatusCode.Accepted, survey.StatusCode);
        var surveyReceipt = (await survey.Content.ReadFromJsonAsync<JsonObject>())!;
        await WaitPlacedAsync("surveys", (string)surveyReceipt["ingestionId"]!, 1);

        var elodie = ContactIds.For(new ContactOrigin("pms", pms + "/0", default));
        var jeanLuc = ContactIds.For(new ContactOrigin("pms", pms + "/1", default));
        var sophie = ContactIds.For(new ContactOrigin("pms", pms + "/2", default));
        var claire = ContactIds.For(new ContactOrigin("pms", pms + "/3", default));
        var surveyId = (string)surveyReceipt["surveyId"]!;
        await WaitUntilAsync(async () => (await GoldenAsync(elodie))["profile"]?["latestSurveyId"]?.GetValue<string>() == surveyId);

        // Élodie: four systems, one guest; the PMS (most trusted) gives the name, every address and id is kept.
        var e = await GoldenAsync(elodie);
        var record = e["goldenRecord"]!;
        Assert.Equal(["loyalty", "pms", "surveys", "web-form"], Members(record).Select(m => m.Split('/')[0]).Order());
        Assert.Equal("Élodie", (string?)record["name"]!["givenName"]);
        Assert.Equal("de la Tour", (string?)record["name"]!["familyName"]);
        Assert.Equal(["+33612345678"], record["phones"]!.AsArray().Select(p => (string)p!["value"]!["e164"]!));
        // The +spa alias is the same mailbox: one e-mail, seen by every system that sent it.
        var email = Assert.Single(record["emails"]!.AsArray())!;
        Assert.Equal("elodie.delatour@example.fr", (string?)email["value"]!["matchKey"]);
        Assert.Equal(["pms", "surveys", "web-form"], email["sources"]!.AsArray().Select(x => (string)x!));
        Assert.Equal("G-1042", (string?)record["externalIds"]!["pms"]);
        Assert.Equal("LY-77", (string?)record["externalIds"]!["loyalty"]);
        Assert.Equal("1985-04-12", (string?)record["birthDate"]);

        // The merge log explains each decision.
        var log = e["mergeLog"]!.AsArray();
        Assert.Equal(["new-record", "merge", "merge", "merge"], log.Select(x => (string)x!["outcome"]!));
        foreach (var merge in log.Where(x => (string)x!["outcome"]! == "merge"))
        {
            Assert.True((double)merge!["score"]! >= (double)merge["autoMergeThreshold"]!);
            Assert.Equal(elodie, (string?)merge["candidateId"]);
            Assert.NotEmpty(merge["foundBy"]!.AsArray());
            Assert.NotEmpty(merge["comparisons"]!.AsArray());
        }
        var byLoyalty = log.Single(x => ((string)x!["memberKey"]!).StartsWith("loyalty/", StringComparison.Ordinal))!;
        Assert.Contains("ext:pms:g1042", byLoyalty["foundBy"]!.AsArray().Select(k => (string)k!));

        // The survey is linked to Élodie with the NPS category of her answer.
        var profile = e["profile"]!;
        Assert.Equal("detractor", (string?)profile["npsCategory"]);
        Assert.Equal(3, (int?)profile["latestNps"]);
        Assert.Equal(1, (int?)profile["stays"]);
        Assert.Equal(true, (bool?)profile["emailConsent"]);
        var linked = Assert.Single(e["surveys"]!.AsArray());
        Assert.Equal(surveyId, (string?)linked!["surveyId"]);
        var surveyRow = await Azurite.CreateServices().GetTableClient(TableNames.Surveys)
            .GetEntityOrDefaultAsync((string)surveyReceipt["surveyPartition"]!, surveyId);
        Assert.Equal(elodie, surveyRow!.GetString("ContactId"));

        // Swapped names with a Gmail alias, and a surname typo with another phone format, joined their guests.
        Assert.Equal(["pms", "web-form"], Members((await GoldenAsync(jeanLuc))["goldenRecord"]!).Select(m => m.Split('/')[0]).Order());
        var s = (await GoldenAsync(sophie))["goldenRecord"]!;
        Assert.Equal(2, Members(s).Count);
        Assert.Equal("Müller", (string?)s["name"]!["familyName"]);
        // Claire shares a family name with Jean-Luc and nothing else: she stays on her own.
        Assert.Single(Members((await GoldenAsync(claire))["goldenRecord"]!));

        // A detractor who consented to e-mail gets a service-recovery follow-up, once per period (de-duplication key).
        var storage = Azurite.CreateServices();
        var triggers = (await storage.GetQueueClient(QueueNames.CampaignTriggers).PeekAsync(32))
            .Select(m => JsonNode.Parse(m.MessageText)!).ToList();
        var recovery = triggers.Where(t => (string?)t["kind"] == "service-recovery").ToList();
        Assert.NotEmpty(recovery);
        Assert.All(recovery, t => Assert.Equal((elodie, "email", surveyId), ((string?)t!["contactId"], (string?)t["channel"], (string?)t["responseId"])));
        // The answer's property: dispatch keeps to quiet hours on its clock.
        Assert.All(recovery, t => Assert.Equal("paris-opera", (string?)t!["propertyId"]));
        Assert.Single(recovery.Select(t => (string?)t["deduplicationKey"]).Distinct());
        Assert.DoesNotContain(triggers, t => (string?)t["kind"] == "review-invitation");
        Assert.Equal("noise", (string?)profile["complaintMotives"]);

        // Nothing of these guests failed on the way (the poison test of this class parks its own message there).
        foreach (var queue in new[] { QueueNames.ContactsNormalize, QueueNames.ContactsDedupe, QueueNames.ContactsEnrich })
            foreach (var parked in await storage.GetQueueClient(QueueNames.Poison(queue)).PeekAsync(32))
                foreach (var ingestionId in new[] { pms, webForm, loyalty, (string)surveyReceipt["ingestionId"]! })
                    Assert.DoesNotContain(ingestionId, parked.MessageText, StringComparison.Ordinal);

        // The stores were read and written by e-mail and phone keys: no log line, the storage SDK's included, names them,
        // neither as typed nor as they appear escaped in a request URL.
        var logs = string.Join("\n", Factory.Logs.Lines);
        foreach (var guestData in new[] { "elodie.delatour@example.fr", "jl.martin@gmail.com", "+33612345678", "612345678", "de la Tour" })
        {
            Assert.DoesNotContain(guestData, logs, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Uri.EscapeDataString(guestData), logs, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_message_that_always_fails_ends_in_the_poison_queue_with_its_error()
    {
        var storage = Azurite.CreateServices();
        // A message without the golden record it is about: enrichment cannot succeed however often it is tried. (A
        // reference to a record that is gone is an erased guest's: that message is dropped, not failed.)
        const string message = """{"memberKey":"pms/none","outcome":"merge"}""";
        await storage.GetQueueClient(QueueNames.ContactsEnrich).SendMessageAsync(message);

        var poisoned = await QueueProbe.WaitForMessageAsync(storage.GetQueueClient(QueueNames.Poison(QueueNames.ContactsEnrich)), Patience);

        Assert.NotNull(poisoned);
        var entry = JsonNode.Parse(poisoned)!;
        Assert.Equal("EnrichContact", (string?)entry["function"]);
        Assert.Contains("contactId", (string?)entry["error"]);
        Assert.Equal(message, (string?)entry["message"]);
    }

    private static List<string> Members(JsonNode record) =>
        record["members"]!.AsArray().Select(m => (string)m!["origin"]!["source"]! + "/" + (string)m["origin"]!["sourceRecordId"]!).ToList();

    private async Task<string> PostContactsAsync(string url, string body)
    {
        var response = await Client.PostAsync(url, Signing.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
    }

    private PipelineProbe Probe => new(Azurite, Factory.Logs, Patience);

    private Task WaitPlacedAsync(string source, string ingestionId, int count) => Probe.WaitPlacedAsync(source, ingestionId, count);

    private Task WaitUntilAsync(Func<Task<bool>> condition) => Probe.WaitUntilAsync(condition);
}

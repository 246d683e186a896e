using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Ingest;

/// <summary>POST /api/contacts through real HTTP against a real Azurite: what a PMS export or booking engine sees.</summary>
public sealed class ContactIntakeTests(AzuriteFixture azurite) : AppTest(azurite)
{

    private const string Contact = """
        {"givenName":"Élodie","familyName":"de la Tour","emails":["elodie.delatour@example.fr"],"phones":["06 12 34 56 78"],
         "country":"FR","externalIds":{"pms":"G-1042"},
         "consents":[{"channel":"email","granted":true,"at":"2026-11-20T10:00:00Z","source":"booking-engine"}],
         "stay":{"propertyId":"paris-opera","arrival":"2026-11-18","departure":"2026-11-21","roomNights":3,"revenue":612.50,"currency":"EUR"}}
        """;

    [Fact]
    public async Task Accepted_contact_is_archived_unchanged_queued_and_its_status_can_be_read()
    {
        var response = await Client.PostAsync("/api/contacts?source=pms", Signing.Json(Contact));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var ingestionId = (string)receipt["ingestionId"]!;
        Assert.Equal($"/api/ingestions/{ingestionId}", response.Headers.Location?.OriginalString);
        Assert.False((bool)receipt["replay"]!);
        Assert.Equal($"{ingestionId}-0", (string?)receipt["contacts"]![0]!["ref"]);

        var storage = Azurite.CreateServices();
        var rawBlob = ((string)receipt["rawBlob"]!)["raw/".Length..];
        Assert.Matches(@"^contacts/\d{4}/\d{2}/\d{2}/" + ingestionId + @"\.json$", rawBlob);
        var archived = await storage.GetBlobContainerClient(ContainerNames.Raw).DownloadAsync(rawBlob);
        Assert.Equal(Contact, archived.ToString());

        var queued = await storage.GetQueueClient(QueueNames.ContactsNormalize).PeekAsync(32);
        var envelope = queued.Select(m => JsonNode.Parse(m.MessageText)!).Single(m => (string?)m["ingestionId"] == ingestionId);
        Assert.Equal("pms", (string?)envelope["source"]);
        Assert.Equal("de la Tour", (string?)envelope["contact"]!["familyName"]);
        Assert.Equal("paris-opera", (string?)envelope["contact"]!["stay"]!["propertyId"]);

        var status = (await Client.GetFromJsonAsync<JsonObject>($"/api/ingestions/{ingestionId}"))!;
        Assert.Equal("queued", (string?)status["status"]);
        Assert.Equal(1, (int?)status["messages"]);
        Assert.Equal(QueueNames.ContactsNormalize, (string?)status["queues"]![0]);
        Assert.Equal("raw/" + rawBlob, (string?)status["rawBlob"]);
        Assert.Equal(Contact, await Client.GetStringAsync($"/api/ingestions/{ingestionId}/raw"));
    }

    [Fact]
    public async Task Batch_is_queued_one_message_per_contact()
    {
        var batch = $$"""{"source":"booking-engine","contacts":[{{Contact}},{"familyName":"Müller","emails":["k.mueller@example.de"]}]}""";

        var response = await Client.PostAsync("/api/contacts", Signing.Json(batch));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, receipt["contacts"]!.AsArray().Count);
        var status = (await Client.GetFromJsonAsync<JsonObject>($"/api/ingestions/{receipt["ingestionId"]}"))!;
        Assert.Equal(2, (int?)status["messages"]);
        Assert.Equal("booking-engine", (string?)status["source"]);
    }

    [Fact]
    public async Task Batch_with_invalid_items_is_refused_whole_naming_each_item_and_field()
    {
        var batch = """
            {"contacts":[
              {"familyName":"Valid","emails":["ok@example.com"]},
              {"familyName":"Broken","emails":["not-an-email"],"birthDate":"2090-01-01"},
              {"givenName":"NoIdentity"}
            ]}
            """;

        var response = await Client.PostAsync("/api/contacts", Signing.Json(batch));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("contacts[1].emails[0]", errors.Select(e => e.Key));
        Assert.Contains("contacts[1].birthDate", errors.Select(e => e.Key));
        Assert.Contains("contacts[2]", errors.Select(e => e.Key));
        Assert.DoesNotContain(errors, e => e.Key.StartsWith("contacts[0]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"familyName":"Dupont","birthDate":"yesterday"}""", "birthDate")]
    [InlineData("""{"contacts":[{"familyName":"Dupont","stay":{"propertyId":"p","roomNights":"many"}}]}""", "contacts[0].stay.roomNights")]
    [InlineData("""{"familyName":"Dupont","consents":[{"channel":"email","granted":true,"evidence":"203.0.113.7"}]}""", "consents[0].evidence")]
    public async Task Value_of_the_wrong_type_is_a_400_naming_the_field(string body, string field)
    {
        var response = await Client.PostAsync("/api/contacts", Signing.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains(field, errors.Select(e => e.Key));
    }

    [Theory]
    [InlineData("""{"familyName":"Dupont","stay":{"propertyId":"p","arrival":"9999-12-31"}}""", "stay.arrival")]
    [InlineData("""{"familyName":"Dupont","stay":{"propertyId":"p","arrival":"0001-01-01","departure":"0001-01-02"}}""", "stay.departure")]
    [InlineData("""{"familyName":"Dupont","stay":{"propertyId":"p","arrival":"2026-11-18","roomNights":2147483647}}""", "stay.roomNights")]
    [InlineData("""{"familyName":"Dupont","consents":[{"channel":"email","granted":true,"at":"0001-01-01T00:00:00Z"}]}""", "consents[0].at")]
    public async Task Stay_days_and_consent_times_beyond_the_supported_dates_are_a_400_naming_the_field(string body, string field)
    {
        var response = await Client.PostAsync("/api/contacts", Signing.Json(body));

        Assert.Contains(field, await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Consent_proof_is_accepted_with_the_contact_and_a_bad_ip_is_a_400_naming_it()
    {
        const string consent = """
            {"channel":"email","granted":true,"at":"2026-11-20T10:00:00Z","source":"web-form","wordingVersion":"newsletter-2026-03",
             "formId":"footer-signup","evidence":{"ip":"IP","messageId":"form-post-881"}}
            """;
        string Batch(string ip) => $$"""{"contacts":[{"familyName":"Dupont"},{"familyName":"Rossi","consents":[{{consent.Replace("IP", ip)}}]}]}""";

        var accepted = await Client.PostAsync("/api/contacts?source=web-form", Signing.Json(Batch("2001:db8::7")));
        var refused = await Client.PostAsync("/api/contacts?source=web-form", Signing.Json(Batch("203.0.113")));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(["contacts[1].consents[0].evidence.ip"], await ProblemAssert.BadRequestFieldsAsync(refused));
    }

    [Fact]
    public async Task More_than_20_external_ids_are_a_400_naming_them()
    {
        var ids = new JsonObject();
        for (var i = 0; i < 21; i++)
            ids["system" + i] = "G-" + i;
        var body = new JsonObject { ["familyName"] = "Dupont", ["externalIds"] = ids }.ToJsonString();

        var response = await Client.PostAsync("/api/contacts", Signing.Json(body));

        Assert.Equal(["externalIds"], await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await Client.PostAsync("/api/contacts", Signing.Json("""{"familyName": "Dupont", """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Malformed JSON", (string?)problem["title"]);
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415_problem()
    {
        var response = await Client.PostAsync("/api/contacts", new StringContent("familyName=Dupont", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Body_over_the_limit_is_a_413_problem()
    {
        var huge = "{\"familyName\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";

        var response = await Client.PostAsync("/api/contacts", Signing.Json(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Batch_over_500_contacts_is_refused()
    {
        var contacts = string.Join(",", Enumerable.Range(0, 501).Select(i => $$"""{"familyName":"Guest{{i}}"}"""));

        var response = await Client.PostAsync("/api/contacts", Signing.Json($$"""{"contacts":[{{contacts}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("contacts", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Same_request_with_the_same_idempotency_key_is_stored_once_and_answers_the_same_ids()
    {
        var key = "export-2026-11-23-" + Guid.NewGuid().ToString("N");
        var first = await PostWithKey(Contact, key);
        var second = await PostWithKey(Contact, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var a = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var b = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((string?)a["ingestionId"], (string?)b["ingestionId"]);
        Assert.Equal(a["contacts"]!.ToJsonString(), b["contacts"]!.ToJsonString());
        Assert.True((bool)b["replay"]!);

        var queued = await Azurite.CreateServices().GetQueueClient(QueueNames.ContactsNormalize).PeekAsync(32);
        Assert.Single(queued, m => (string?)JsonNode.Parse(m.MessageText)!["ingestionId"] == (string?)a["ingestionId"]);
    }

    [Fact]
    public async Task Idempotency_key_reused_with_another_body_is_a_409()
    {
        var key = "reuse-" + Guid.NewGuid().ToString("N");
        await PostWithKey(Contact, key);

        var response = await PostWithKey("""{"familyName":"Someone Else"}""", key);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_ingestion_is_a_404_problem()
    {
        var response = await Client.GetAsync("/api/ingestions/20260101000000000-000000000000");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Logs_never_carry_the_guest_name_email_or_phone()
    {
        await Client.PostAsync("/api/contacts", Signing.Json(Contact));
        await Client.PostAsync("/api/contacts", Signing.Json("""{"familyName":"Tour","emails":["broken-at-example"]}"""));

        var logs = string.Join("\n", Factory.Logs.Lines);
        Assert.Contains("accepted", logs);
        foreach (var secret in new[] { "elodie", "Élodie", "de la Tour", "06 12 34 56 78", "612345678", "broken-at-example" })
            Assert.DoesNotContain(secret, logs, StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> PostWithKey(string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/contacts") { Content = Signing.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(request);
    }
}

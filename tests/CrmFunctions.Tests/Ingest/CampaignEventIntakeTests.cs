using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Ingest;

/// <summary>E-mail/SMS platform events (our JSON and Brevo's) through real HTTP against a real Azurite.</summary>
public sealed class CampaignEventIntakeTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly CrmAppFactory _factory;
    private readonly HttpClient _client;

    public CampaignEventIntakeTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = new CrmAppFactory(azurite);
        _client = _factory.CreateClient();
    }

    private static string Event(string type, string messageId, string contact, string extra = "") => $$"""
        {"provider":"smsly","messageId":"{{messageId}}","campaignId":"poststay-nov","type":"{{type}}",
         "time":"2026-11-22T10:00:00Z","contact":{{contact}}{{extra}}}
        """;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A phone number no other test uses, so invitations and replies of different tests do not meet.</summary>
    private static string UniquePhone() => "+3361" + Random.Shared.Next(1000000, 9999999);

    private static string SmsInvitation(string phone, string campaignId) => $$"""
        {"provider":"smsly","messageId":"{{Unique("out")}}","campaignId":"{{campaignId}}","type":"delivered","channel":"sms",
         "time":"2026-11-22T10:00:00Z","contact":{"phone":"{{phone}}"},"propertyId":"nice-promenade","surveyId":"post-stay-sms",
         "segment":"leisure"}
        """;

    private static string SmsReply(string phone, string campaignId, string text, string? messageId = null) => $$"""
        {"provider":"smsly","messageId":"{{messageId ?? Unique("in")}}","campaignId":"{{campaignId}}","type":"inbound_reply",
         "channel":"sms","time":"2026-11-22T10:05:00Z","contact":{"phone":"{{phone}}"},"text":"{{text}}"}
        """;

    private Task<HttpResponseMessage> PostAsync(string body, string secret = CrmAppFactory.CampaignEventsSecret) =>
        _client.SendAsync(Signing.SignedPost("/api/campaign-events", body, secret));

    private async Task<JsonObject> AcceptedAsync(string body)
    {
        var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<List<JsonNode>> QueuedForAsync(string ingestionId) =>
        (await _azurite.CreateServices().GetQueueClient(QueueNames.ContactsNormalize).PeekAsync(32))
            .Select(m => JsonNode.Parse(m.MessageText)!)
            .Where(m => (string?)m["ingestionId"] == ingestionId)
            .ToList();

    private Task<TableEntity?> EventRowAsync(JsonObject receipt, int item = 0) =>
        _azurite.CreateServices().GetTableClient(TableNames.CampaignEvents)
            .GetEntityOrDefaultAsync((string)receipt["eventPartition"]!, (string)receipt["events"]![item]!["eventId"]!);

    [Fact]
    public async Task Delivered_event_is_archived_stored_and_its_status_can_be_read()
    {
        var messageId = Unique("m");
        var body = Event("delivered", messageId, """{"email":"anna.rossi@example.it"}""", ""","propertyId":"paris-opera","surveyId":"post-stay-2026" """);

        var receipt = await AcceptedAsync(body);

        var storage = _azurite.CreateServices();
        var rawBlob = ((string)receipt["rawBlob"]!)["raw/".Length..];
        Assert.StartsWith("campaign-events/", rawBlob);
        Assert.Equal(body, (await storage.GetBlobContainerClient(ContainerNames.Raw).DownloadAsync(rawBlob)).ToString());
        var row = await EventRowAsync(receipt);
        Assert.NotNull(row);
        Assert.Equal(messageId, row.GetString("MessageId"));
        Assert.Equal("delivered", row.GetString("Type"));
        Assert.Equal("email", row.GetString("Channel"));
        Assert.Equal("paris-opera", row.GetString("PropertyId"));
        Assert.Equal("post-stay-2026", row.GetString("SurveyId"));
        var status = (await _client.GetFromJsonAsync<JsonObject>((string)receipt["statusUrl"]!))!;
        Assert.Equal("campaign-events", (string?)status["kind"]);
        Assert.Equal(1, (int?)status["records"]);
        Assert.Equal(0, (int?)status["messages"]);
    }

    [Fact]
    public async Task Unsubscribe_withdraws_email_consent_through_the_contact_pipeline_with_its_message_as_evidence()
    {
        var messageId = Unique("m");
        var receipt = await AcceptedAsync(Event("unsubscribed", messageId, """{"email":"anna.rossi@example.it"}""", ""","ip":"198.51.100.23" """));

        Assert.Equal("email", (string?)receipt["events"]![0]!["consentWithdrawn"]);
        var envelope = Assert.Single(await QueuedForAsync((string)receipt["ingestionId"]!));
        Assert.Equal("anna.rossi@example.it", (string?)envelope["contact"]!["emails"]![0]);
        var consent = envelope["contact"]!["consents"]![0]!;
        Assert.Equal("email", (string?)consent["channel"]);
        Assert.False((bool)consent["granted"]!);
        Assert.Equal("smsly", (string?)consent["source"]);
        Assert.Equal((messageId, "198.51.100.23"), ((string?)consent["evidence"]!["messageId"], (string?)consent["evidence"]!["ip"]));
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T10:00:00Z"), (DateTimeOffset)consent["at"]!);
    }

    [Fact]
    public async Task Sms_reply_9_of_10_to_a_delivered_invitation_becomes_an_nps_answer()
    {
        var phone = UniquePhone();
        await AcceptedAsync(SmsInvitation(phone, "poststay-nov"));
        var replyId = Unique("in");

        var receipt = await AcceptedAsync(SmsReply(phone, "poststay-nov", "9/10", replyId));

        var survey = receipt["events"]![0]!["survey"]!;
        Assert.Equal(9, (int?)survey["nps"]);
        var row = await _azurite.CreateServices().GetTableClient(TableNames.Surveys)
            .GetEntityOrDefaultAsync((string)survey["surveyPartition"]!, (string)survey["surveyId"]!);
        Assert.NotNull(row);
        Assert.Equal(9, row.GetInt32("Nps"));
        Assert.Equal("nice-promenade", row.GetString("PropertyId"));
        Assert.Equal("post-stay-sms", row.GetString("FormId"));
        Assert.Equal("sms", row.GetString("Channel"));
        Assert.Equal("leisure", row.GetString("Segment"));
        Assert.Equal(replyId, row.GetString("ResponseId"));
        Assert.Equal("smsly", row.GetString("Source"));
        var status = (await _client.GetFromJsonAsync<JsonObject>((string)receipt["statusUrl"]!))!;
        Assert.Equal(9, (int?)status["survey"]!["nps"]);
        Assert.DoesNotContain(phone, status.ToJsonString());
    }

    [Fact]
    public async Task Invitation_and_reply_in_the_same_batch_also_make_an_nps_answer()
    {
        var phone = UniquePhone();
        var receipt = await AcceptedAsync($$"""{"events":[{{SmsInvitation(phone, "poststay-batch")}},{{SmsReply(phone, "poststay-batch", "10 !")}}]}""");

        Assert.Equal(10, (int?)receipt["events"]![1]!["survey"]!["nps"]);
    }

    [Fact]
    public async Task Sms_reply_to_an_unknown_invitation_stays_an_event_and_the_receipt_says_so()
    {
        var phone = UniquePhone();
        await AcceptedAsync(SmsInvitation(phone, "poststay-nov"));

        var receipt = await AcceptedAsync(SmsReply(phone, "another-campaign", "9"));

        var item = receipt["events"]![0]!;
        Assert.Null(item["survey"]);
        Assert.Contains("Kept as an event only", (string?)item["note"]);
        var row = await EventRowAsync(receipt);
        Assert.Equal("nps", row!.GetString("Interpretation"));
        Assert.Null(row.GetString("SurveyRowKey"));
        var surveys = await _azurite.CreateServices().GetTableClient(TableNames.Surveys)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"RespondentPhone eq {phone}")).ToListAsync();
        Assert.Empty(surveys);
    }

    [Fact]
    public async Task Stop_reply_withdraws_sms_consent_and_is_no_answer()
    {
        var phone = UniquePhone();
        await AcceptedAsync(SmsInvitation(phone, "poststay-nov"));
        var messageId = Unique("in");

        var receipt = await AcceptedAsync(SmsReply(phone, "poststay-nov", "Stop all", messageId));

        Assert.Null(receipt["events"]![0]!["survey"]);
        var envelope = Assert.Single(await QueuedForAsync((string)receipt["ingestionId"]!));
        Assert.Equal(phone, (string?)envelope["contact"]!["phones"]![0]);
        Assert.Null(envelope["contact"]!["emails"]);
        var consent = envelope["contact"]!["consents"]![0]!;
        Assert.Equal("sms", (string?)consent["channel"]);
        Assert.False((bool)consent["granted"]!);
        Assert.Equal("smsly", (string?)consent["source"]);
        Assert.Equal(messageId, (string?)consent["evidence"]!["messageId"]);
        Assert.Equal("unsubscribe", (await EventRowAsync(receipt))!.GetString("Interpretation"));
    }

    [Fact]
    public async Task Free_text_reply_stays_an_event_without_consent_change_or_answer()
    {
        var phone = UniquePhone();
        await AcceptedAsync(SmsInvitation(phone, "poststay-nov"));

        var receipt = await AcceptedAsync(SmsReply(phone, "poststay-nov", "9 nights were not enough"));

        Assert.Null(receipt["events"]![0]!["survey"]);
        Assert.Null(receipt["events"]![0]!["consentWithdrawn"]);
        Assert.Empty(await QueuedForAsync((string)receipt["ingestionId"]!));
        Assert.Equal("9 nights were not enough", (await EventRowAsync(receipt))!.GetString("Text"));
    }

    [Fact]
    public async Task Batch_with_invalid_events_is_refused_whole_naming_each_item_and_field()
    {
        var batch = $$"""
            {"events":[
              {{Event("opened", Unique("m"), """{"email":"ok@example.com"}""")}},
              {"provider":"smsly","messageId":"m2","type":"read","time":"2026-11-22T10:00:00Z","contact":{"email":"x@example.com"} },
              {"provider":"smsly","messageId":"m3","type":"inbound_reply","channel":"sms","time":"2099-01-01T00:00:00Z","contact":{"email":"x@example.com"} },
              {"messageId":"m4","type":"clicked","time":"2026-11-22T10:00:00Z","contact":{} }
            ]}
            """;

        var response = await PostAsync(batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("events[1].type", errors);
        Assert.Contains("events[2].time", errors);
        Assert.Contains("events[2].text", errors);
        Assert.Contains("events[2].contact.phone", errors);
        Assert.Contains("events[3].provider", errors);
        Assert.Contains("events[3].contact", errors);
        Assert.DoesNotContain(errors, e => e.StartsWith("events[0]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Event_time_beyond_the_supported_dates_is_a_400_naming_it()
    {
        var item = Event("opened", Unique("m"), """{"email":"ok@example.com"}""").Replace("2026-11-22T10:00:00Z", "0001-01-01T00:00:00Z");

        var response = await PostAsync("[" + item + "]");

        Assert.Equal(["events[0].time"], await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Event_with_a_bad_signature_is_a_401_problem()
    {
        var response = await PostAsync(Event("opened", Unique("m"), """{"email":"ok@example.com"}"""), secret: CrmAppFactory.InteractionsSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Redelivered_event_is_a_replay_stored_once()
    {
        var messageId = Unique("m");
        var body = Event("unsubscribed", messageId, """{"email":"twice@example.com"}""");
        var first = await AcceptedAsync(body);
        var second = await AcceptedAsync(body);

        Assert.True((bool)second["replay"]!);
        Assert.Equal((string?)first["ingestionId"], (string?)second["ingestionId"]);
        var rows = await _azurite.CreateServices().GetTableClient(TableNames.CampaignEvents)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"MessageId eq {messageId}")).ToListAsync();
        Assert.Single(rows);
        Assert.Single(await QueuedForAsync((string)first["ingestionId"]!));
    }

    [Fact]
    public async Task Logs_carry_ids_but_never_the_guests_email_or_phone()
    {
        var phone = UniquePhone();
        await AcceptedAsync(SmsInvitation(phone, "poststay-nov"));
        await AcceptedAsync(SmsReply(phone, "poststay-nov", "8"));
        var receipt = await AcceptedAsync(Event("spam_complaint", Unique("m"), """{"email":"logged.never@example.com"}"""));

        Assert.Contains(_factory.Logs.Lines, l => l.Contains((string)receipt["ingestionId"]!, StringComparison.Ordinal));
        Assert.DoesNotContain(_factory.Logs.Lines, l => l.Contains("logged.never", StringComparison.OrdinalIgnoreCase)
            || l.Contains(phone[1..], StringComparison.Ordinal));
    }

    // ---- Brevo ----

    private HttpRequestMessage BrevoPost(string file, AuthenticationHeaderValue? auth)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaign-events/brevo")
        {
            Content = Signing.Json(File.ReadAllText(Path.Combine("TestData", file))),
        };
        request.Headers.Authorization = auth;
        return request;
    }

    private static AuthenticationHeaderValue Bearer(string secret) => new("Bearer", secret);

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    [Fact]
    public async Task Brevo_delivered_webhook_is_mapped_and_stored_with_the_tags_it_carries()
    {
        var response = await _client.SendAsync(BrevoPost("brevo-delivered.json", Bearer(CrmAppFactory.BrevoSecret)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var row = await EventRowAsync(receipt);
        Assert.NotNull(row);
        Assert.Equal("brevo", row.GetString("Provider"));
        Assert.Equal("brevo", row.GetString("Source"));
        Assert.Equal("delivered", row.GetString("Type"));
        Assert.Equal("<202611220915.41235678901@smtp-relay.mailin.fr>", row.GetString("MessageId"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795338903), row.GetDateTimeOffset("Time"));
        Assert.Equal("paris-opera", row.GetString("PropertyId"));
        Assert.Equal("post-stay-2026", row.GetString("SurveyId"));
        Assert.Equal("poststay-nov", row.GetString("CampaignId"));
        Assert.Equal("leisure", row.GetString("Segment"));
        Assert.Equal("email", row.GetString("Channel"));
    }

    [Fact]
    public async Task Brevo_unsubscribe_with_basic_auth_withdraws_email_consent()
    {
        var response = await _client.SendAsync(BrevoPost("brevo-unsubscribed.json", Basic("crm", CrmAppFactory.BrevoSecret)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var envelope = Assert.Single(await QueuedForAsync((string)receipt["ingestionId"]!));
        Assert.Equal("claire.martin@example.com", (string?)envelope["contact"]!["emails"]![0]);
        var consent = envelope["contact"]!["consents"]![0]!;
        Assert.False((bool)consent["granted"]!);
        Assert.Equal("email", (string?)consent["channel"]);
        Assert.Equal("brevo", (string?)consent["source"]);
        Assert.Equal("<202611220915.41235678901@smtp-relay.mailin.fr>", (string?)consent["evidence"]!["messageId"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795341767), (DateTimeOffset)consent["at"]!);
    }

    [Fact]
    public async Task Brevo_hard_bounce_is_stored_as_a_bounce_with_its_reason()
    {
        var response = await _client.SendAsync(BrevoPost("brevo-hard-bounce.json", Bearer(CrmAppFactory.BrevoSecret)));

        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var row = await EventRowAsync(receipt);
        Assert.Equal("bounced", row!.GetString("Type"));
        Assert.Equal("hard_bounce", row.GetString("ProviderEvent"));
        Assert.StartsWith("550 5.1.1", row.GetString("Reason"));
        Assert.Equal("nice-promenade", row.GetString("PropertyId"));
        Assert.Equal("template-17", row.GetString("CampaignId"));
        Assert.Empty(await QueuedForAsync((string)receipt["ingestionId"]!));
    }

    [Fact]
    public async Task Brevo_batched_webhook_stores_tracked_events_withdraws_consent_on_spam_and_reports_the_rest()
    {
        var response = await _client.SendAsync(BrevoPost("brevo-batch.json", Bearer(CrmAppFactory.BrevoSecret)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var types = receipt["events"]!.AsArray().Select(e => (string?)e!["type"]).ToList();
        Assert.Equal(["opened", "clicked", "spam_complaint"], types);
        var ignored = Assert.Single(receipt["ignored"]!.AsArray());
        Assert.Equal("request", (string?)ignored!["event"]);
        Assert.Equal(3, (int?)ignored["index"]);
        Assert.Equal("https://survey.example.com/s/post-stay?h=lyon-centre", (await EventRowAsync(receipt, 1))!.GetString("Link"));
        var consent = Assert.Single(await QueuedForAsync((string)receipt["ingestionId"]!))["contact"]!;
        Assert.Equal("spam.reporter@example.net", (string?)consent["emails"]![0]);
        Assert.Equal("brevo", (string?)consent["consents"]![0]!["source"]);
        Assert.Equal("<202611220930.71235678904@smtp-relay.mailin.fr>", (string?)consent["consents"]![0]!["evidence"]!["messageId"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-secret")]
    [InlineData("Basic Y3JtOndyb25n")] // crm:wrong
    [InlineData("Token test-brevo-secret")]
    public async Task Brevo_webhook_without_the_shared_secret_is_a_401_problem(string? authorization)
    {
        var request = BrevoPost("brevo-delivered.json", null);
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Brevo_event_without_message_id_is_a_400_naming_brevos_field()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaign-events/brevo")
        {
            Content = Signing.Json("""[{"event":"delivered","email":"a@example.com","ts_event":1795338903}]"""),
        };
        request.Headers.Authorization = Bearer(CrmAppFactory.BrevoSecret);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key);
        Assert.Contains("[0].message-id", errors);
    }

    [Fact]
    public async Task Brevo_redelivery_is_a_replay_stored_once()
    {
        var first = await _client.SendAsync(BrevoPost("brevo-hard-bounce.json", Bearer(CrmAppFactory.BrevoSecret)));
        var second = await _client.SendAsync(BrevoPost("brevo-hard-bounce.json", Bearer(CrmAppFactory.BrevoSecret)));

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.True((bool)(await second.Content.ReadFromJsonAsync<JsonObject>())!["replay"]!);
        var rows = await _azurite.CreateServices().GetTableClient(TableNames.CampaignEvents)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"MessageId eq {"<202611220915.51235678902@smtp-relay.mailin.fr>"}")).ToListAsync();
        Assert.Single(rows);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}

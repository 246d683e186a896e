using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Ingest;

/// <summary>Signed survey webhooks (our JSON and Typeform's) through real HTTP against a real Azurite.</summary>
public sealed class SurveyIntakeTests(AzuriteFixture azurite) : AppTest(azurite)
{

    internal static string Survey(string responseId) => $$"""
        {"surveyId":"post-stay-2026","responseId":"{{responseId}}","propertyId":"paris-opera",
         "arrival":"2026-11-18","departure":"2026-11-21","channel":"email",
         "respondent":{"email":"jane.doe@example.com","givenName":"Jane","familyName":"Doe"},
         "nps":9,"csat":5,"ces":6,"touchpoints":{"checkIn":5,"room":4,"breakfast":5},
         "comment":"Lovely staff","complaint":false,"submittedAt":"2026-11-22T08:30:00Z"}
        """;

    [Fact]
    public async Task Signed_survey_is_accepted_stored_and_its_respondent_queued()
    {
        var responseId = "resp-" + Guid.NewGuid().ToString("N");
        var response = await Client.SendAsync(Signing.SignedPost("/api/surveys", Survey(responseId), CrmAppFactory.SurveysSecret));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var surveyId = (string)receipt["surveyId"]!;
        Assert.StartsWith("sv-", surveyId);

        var status = (await Client.GetFromJsonAsync<JsonObject>((string)receipt["statusUrl"]!))!;
        Assert.Equal("surveys", (string?)status["kind"]);
        Assert.True((bool)status["survey"]!["stored"]!);
        Assert.Equal(9, (int?)status["survey"]!["nps"]);
        Assert.Equal(4, (int?)status["survey"]!["touchpoints"]!["room"]);
        Assert.DoesNotContain("jane.doe", status.ToJsonString());

        var storage = Azurite.CreateServices();
        var row = await storage.GetTableClient(TableNames.Surveys).GetEntityOrDefaultAsync((string)receipt["surveyPartition"]!, surveyId);
        Assert.Equal("paris-opera", row!.GetString("PropertyId"));
        var queued = await storage.GetQueueClient(QueueNames.ContactsNormalize).PeekAsync(32);
        Assert.Contains(queued, m => (string?)JsonNode.Parse(m.MessageText)!["ingestionId"] == (string?)receipt["ingestionId"]);
    }

    [Fact]
    public async Task Survey_response_delivered_twice_is_stored_once_and_the_second_answer_is_a_replay()
    {
        var responseId = "resp-" + Guid.NewGuid().ToString("N");
        var first = await Client.SendAsync(Signing.SignedPost("/api/surveys", Survey(responseId), CrmAppFactory.SurveysSecret));
        // A survey tool's retry is a new delivery: new webhook id and timestamp, same response id.
        var second = await Client.SendAsync(Signing.SignedPost("/api/surveys", Survey(responseId), CrmAppFactory.SurveysSecret));

        var a = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var b = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.True((bool)b["replay"]!);
        Assert.Equal((string?)a["surveyId"], (string?)b["surveyId"]);
        Assert.Equal((string?)a["ingestionId"], (string?)b["ingestionId"]);
        var rows = await Azurite.CreateServices().GetTableClient(TableNames.Surveys)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"ResponseId eq {responseId}")).ToListAsync();
        Assert.Single(rows);
    }

    [Fact]
    public async Task Survey_with_a_bad_signature_is_a_401_problem()
    {
        var response = await Client.SendAsync(Signing.SignedPost("/api/surveys", Survey("r-bad"), "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Survey_without_signature_headers_is_a_401_problem()
    {
        var response = await Client.PostAsync("/api/surveys", Signing.Json(Survey("r-unsigned")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("missing", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
    }

    [Fact]
    public async Task Survey_signed_too_long_ago_is_refused_as_a_replay()
    {
        var request = Signing.SignedPost("/api/surveys", Survey("r-old"), CrmAppFactory.SurveysSecret, DateTimeOffset.UtcNow.AddHours(-1));

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signed_body_altered_in_transit_is_refused()
    {
        var request = Signing.SignedPost("/api/surveys", Survey("r-tamper"), CrmAppFactory.SurveysSecret);
        request.Content = Signing.Json(Survey("r-tamper").Replace("\"nps\":9", "\"nps\":10"));

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_scores_are_a_400_naming_each_field()
    {
        var body = Survey("r-invalid").Replace("\"nps\":9", "\"nps\":11").Replace("\"csat\":5", "\"csat\":0")
            .Replace("\"room\":4", "\"room\":9");

        var response = await Client.SendAsync(Signing.SignedPost("/api/surveys", body, CrmAppFactory.SurveysSecret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("nps", errors);
        Assert.Contains("csat", errors);
        Assert.Contains("touchpoints.room", errors);
    }

    [Theory]
    [InlineData("\"submittedAt\":\"2026-11-22T08:30:00Z\"", "\"submittedAt\":\"0001-01-01T00:00:00Z\"", "submittedAt")]
    [InlineData("\"arrival\":\"2026-11-18\"", "\"arrival\":\"9999-12-31\"", "arrival")]
    [InlineData("\"departure\":\"2026-11-21\"", "\"departure\":\"2200-01-01\"", "departure")]
    public async Task Days_and_times_beyond_the_supported_dates_are_a_400_naming_the_field(string from, string to, string field)
    {
        var body = Survey("r-" + Guid.NewGuid().ToString("N")).Replace(from, to);

        var response = await Client.SendAsync(Signing.SignedPost("/api/surveys", body, CrmAppFactory.SurveysSecret));

        Assert.Contains(field, await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Respondent_with_more_than_20_external_ids_is_a_400_naming_them_not_a_failure_to_queue()
    {
        var body = JsonNode.Parse(Survey("r-" + Guid.NewGuid().ToString("N")))!;
        var ids = new JsonObject();
        for (var i = 0; i < 3000; i++)
            ids["system" + i] = new string('x', 20);
        body["respondent"]!["externalIds"] = ids;

        var response = await Client.SendAsync(Signing.SignedPost("/api/surveys", body.ToJsonString(), CrmAppFactory.SurveysSecret));

        Assert.Equal(["respondent.externalIds"], await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task More_touchpoints_than_a_stored_answer_holds_are_a_400_naming_them()
    {
        var body = JsonNode.Parse(Survey("r-" + Guid.NewGuid().ToString("N")))!;
        var touchpoints = new JsonObject();
        for (var i = 0; i < 41; i++)
            touchpoints["point" + i] = 4;
        body["touchpoints"] = touchpoints;

        var response = await Client.SendAsync(Signing.SignedPost("/api/surveys", body.ToJsonString(), CrmAppFactory.SurveysSecret));

        Assert.Equal(["touchpoints"], await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Typeform_webhook_is_mapped_to_our_survey_and_stored()
    {
        var body = File.ReadAllText("TestData/typeform-form-response.json");

        var response = await Client.SendAsync(Signing.TypeformPost("/api/surveys/typeform", body, CrmAppFactory.TypeformSecret));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var row = await Azurite.CreateServices().GetTableClient(TableNames.Surveys)
            .GetEntityOrDefaultAsync((string)receipt["surveyPartition"]!, (string)receipt["surveyId"]!);
        Assert.NotNull(row);
        Assert.Equal("nice-promenade", row.GetString("PropertyId"));
        Assert.Equal(6, row.GetInt32("Nps"));
        Assert.Equal(3, row.GetInt32("Csat"));
        Assert.Equal(5, row.GetInt32("Ces"));
        Assert.True(row.GetBoolean("Complaint"));
        Assert.Equal("Noise", row.GetString("ComplaintReason"));
        Assert.Equal("""{"checkIn":2,"breakfast":4}""", row.GetString("Touchpoints"));
        Assert.Equal("a3a12ec67a1365927098a606107fac15", row.GetString("ResponseId"));
    }

    [Fact]
    public async Task Typeform_webhook_with_a_wrong_signature_is_a_401()
    {
        var body = File.ReadAllText("TestData/typeform-form-response.json");

        var response = await Client.SendAsync(Signing.TypeformPost("/api/surveys/typeform", body, "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Typeform_form_without_the_property_hidden_field_is_a_400_naming_it()
    {
        var body = File.ReadAllText("TestData/typeform-form-response.json").Replace("\"property\": \"nice-promenade\",", "");

        var response = await Client.SendAsync(Signing.TypeformPost("/api/surveys/typeform", body, CrmAppFactory.TypeformSecret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key);
        Assert.Contains("form_response.hidden.property", errors);
    }
}

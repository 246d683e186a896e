using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Ingest;

/// <summary>
/// What every signed feed answers to a hostile or careless sender: a 4xx application/problem+json naming the field,
/// never a 500. Each case runs against each feed, all of them going through the same mapping.
/// </summary>
public sealed class SignedFeedTests(AzuriteFixture azurite) : AppTest(azurite)
{
    public static TheoryData<string> Feeds => ["/api/interactions", "/api/staff-assessments", "/api/campaign-events", "/api/surveys"];

    private static string SecretOf(string route) => route switch
    {
        "/api/interactions" => CrmAppFactory.InteractionsSecret,
        "/api/staff-assessments" => CrmAppFactory.StaffSecret,
        "/api/campaign-events" => CrmAppFactory.CampaignEventsSecret,
        _ => CrmAppFactory.SurveysSecret,
    };

    private Task<HttpResponseMessage> PostAsync(string route, string body) =>
        Client.SendAsync(Signing.SignedPost(route, body, SecretOf(route)));

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    public static TheoryData<string, string, string> HostileBodies => new()
    {
        { "/api/interactions", "", "$" },
        { "/api/interactions", "null", "$" },
        { "/api/interactions", "[null]", "interactions[0]" },
        { "/api/interactions", """{"interactions":{"id":"x"}}""", "interactions" },
        { "/api/interactions", """{"id":12}""", "id" },
        { "/api/interactions", """[{"id":"a","abandoned":1e400}]""", "interactions[0].abandoned" },
        { "/api/interactions", """{"contact":{"email":{"nested":{}}}}""", "contact.email" },
        { "/api/interactions", """{"receivedAt":"yesterday"}""", "receivedAt" },
        { "/api/interactions", """{"id":"a","items":""" + Nested(200) + "}", "$" },
        { "/api/staff-assessments", "", "$" },
        { "/api/staff-assessments", "42", "$" },
        { "/api/staff-assessments", """{"assessments":[]}""", "assessments" },
        { "/api/staff-assessments", """{"rating":99999999999999999999}""", "rating" },
        { "/api/staff-assessments", """{"rating":3.5}""", "rating" },
        { "/api/staff-assessments", """{"assessments":[{"rating":true}]}""", "assessments[0].rating" },
        { "/api/staff-assessments", Nested(70), "$" },
        { "/api/campaign-events", "\"delivered\"", "$" },
        { "/api/campaign-events", """{"events":null}""", "events" },
        { "/api/campaign-events", """{"events":[{"type":["delivered"]}]}""", "events[0].type" },
        { "/api/campaign-events", """{"time":1732269600}""", "time" },
        { "/api/campaign-events", """{"contact":null,"provider":null}""", "contact" },
        { "/api/surveys", "", "$" },
        { "/api/surveys", "[]", "$" },
        { "/api/surveys", "true", "$" },
        { "/api/surveys", """{"nps":"nine"}""", "nps" },
        { "/api/surveys", """{"nps":1e400}""", "nps" },
        { "/api/surveys", """{"touchpoints":{"room":null}}""", "touchpoints.room" },
        { "/api/surveys", """{"touchpoints":[4,5]}""", "touchpoints" },
        { "/api/surveys", """{"respondent":"jane@example.com"}""", "respondent" },
        { "/api/surveys", """{"respondent":{"externalIds":{"pms":7}}}""", "respondent.externalIds.pms" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Hostile_body_is_a_400_problem_naming_the_field(string route, string body, string field)
    {
        var response = await PostAsync(route, body);

        Assert.Contains(field, await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public async Task Body_that_is_not_json_is_a_415_problem_whatever_its_signature(string route)
    {
        var request = Signing.SignedPost(route, "id=1", SecretOf(route));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public async Task Body_without_a_content_type_is_a_415_problem(string route)
    {
        var request = Signing.SignedPost(route, "{}", SecretOf(route));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public async Task Source_that_is_no_name_is_a_400_naming_source(string route)
    {
        var response = await Client.SendAsync(Signing.SignedPost(route + "?source=../secrets", "{}", SecretOf(route)));

        Assert.Equal(["source"], await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Theory]
    [MemberData(nameof(Feeds))]
    public async Task Body_over_the_limit_is_a_413_problem(string route)
    {
        var body = "{\"comment\":\"" + new string('x', 4 * 1024 * 1024) + "\"}";

        var response = await PostAsync(route, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Typeform_event_type_that_is_not_text_is_a_400_naming_it()
    {
        var body = File.ReadAllText("TestData/typeform-form-response.json").Replace("\"event_type\": \"form_response\"", "\"event_type\": 7");

        var response = await Client.SendAsync(Signing.TypeformPost("/api/surveys/typeform", body, CrmAppFactory.TypeformSecret));

        Assert.Equal(["event_type"], await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Typeform_number_answer_that_is_no_whole_number_is_a_400_naming_it()
    {
        var body = File.ReadAllText("TestData/typeform-form-response.json").Replace("\"number\": 6,", "\"number\": \"six\",");

        var response = await Client.SendAsync(Signing.TypeformPost("/api/surveys/typeform", body, CrmAppFactory.TypeformSecret));

        Assert.Equal(["form_response.answers[0].number"], await ProblemAssert.BadRequestFieldsAsync(response));
    }
}

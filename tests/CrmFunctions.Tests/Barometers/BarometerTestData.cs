using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Barometers;

/// <summary>Facts sent the way senders send them: signed webhooks through the public API.</summary>
public static class BarometerTestData
{
    public static string NewProperty() => "hotel-" + Guid.NewGuid().ToString("N")[..10];

    public static async Task PostSurveyAsync(HttpClient client, string property, DateTimeOffset submittedAt, int? nps,
        int? csat = null, string? responseId = null, string? email = null, bool complaint = false, string? reason = null,
        string touchpoints = """{"checkIn":4,"room":5}""")
    {
        var body = new JsonObject
        {
            ["surveyId"] = "post-stay",
            ["responseId"] = responseId ?? "r-" + Guid.NewGuid().ToString("N"),
            ["propertyId"] = property,
            ["channel"] = "email",
            ["nps"] = nps,
            ["csat"] = csat,
            ["touchpoints"] = JsonNode.Parse(touchpoints),
            ["complaint"] = complaint,
            ["complaintReason"] = reason,
            ["submittedAt"] = submittedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        };
        if (email is not null) body["respondent"] = new JsonObject { ["email"] = email };
        var response = await client.SendAsync(Signing.SignedPost("/api/surveys", body.ToJsonString(), CrmAppFactory.SurveysSecret));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public static async Task PostCallAsync(HttpClient client, string property, string id, DateTimeOffset receivedAt, int waitSeconds,
        string agent = "A-1", string type = "request", string? reason = null)
    {
        var body = new JsonObject
        {
            ["id"] = id,
            ["channel"] = "phone",
            ["propertyId"] = property,
            ["agentId"] = agent,
            ["receivedAt"] = receivedAt.ToString("O", CultureInfo.InvariantCulture),
            ["answeredAt"] = receivedAt.AddSeconds(waitSeconds).ToString("O", CultureInfo.InvariantCulture),
            ["closedAt"] = receivedAt.AddSeconds(waitSeconds + 120).ToString("O", CultureInfo.InvariantCulture),
            ["abandoned"] = false,
            ["type"] = type,
            ["reason"] = reason,
            ["resolvedAtFirstContact"] = true,
        };
        var response = await client.SendAsync(Signing.SignedPost("/api/interactions", body.ToJsonString(), CrmAppFactory.InteractionsSecret));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public static async Task<JsonObject> RefreshAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/barometers/refresh", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The alert digests waiting on campaign-triggers, oldest first.</summary>
    public static async Task<List<JsonObject>> AlertDigestsAsync(AzuriteFixture azurite)
    {
        var messages = await azurite.CreateServices().GetQueueClient(QueueNames.CampaignTriggers).PeekAsync(32);
        return messages.Select(m => JsonNode.Parse(m.MessageText)!.AsObject()).Where(m => (string?)m["kind"] == "alert-digest").ToList();
    }

    /// <summary>
    /// The changes the digests on campaign-triggers list about one dimension ("week|property=…|segment=*|channel=*"),
    /// oldest first, each with its group's indicator.
    /// </summary>
    public static async Task<List<JsonObject>> AlertMessagesAsync(AzuriteFixture azurite, string dimension)
    {
        var (period, scope) = (dimension[..dimension.IndexOf('|')], dimension[(dimension.IndexOf('|') + 1)..]);
        return (await AlertDigestsAsync(azurite))
            .SelectMany(d => d["groups"]!.AsArray().Where(g => (string?)g!["scope"] == scope))
            .SelectMany(g => g!["changes"]!.AsArray().Where(c => (string?)c!["period"] == period)
                .Select(c => { var change = c!.DeepClone().AsObject(); change["indicator"] = (string?)g["indicator"]; return change; }))
            .ToList();
    }

    /// <summary>The baseline counts the digests on campaign-triggers give for one property, oldest first.</summary>
    public static async Task<List<JsonObject>> BaselinesAsync(AzuriteFixture azurite, string property) =>
        [.. (await AlertDigestsAsync(azurite)).SelectMany(d => d["baseline"]!.AsArray().Where(b => (string?)b!["property"] == property))
            .Select(b => b!.AsObject())];

    public static JsonObject Indicator(JsonObject barometer, string id) =>
        barometer["indicators"]!.AsArray().Single(i => (string?)i!["id"] == id)!.AsObject();
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Hosting;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Hosting;

/// <summary>POST /{FunctionName} with the host's own payload shapes (kept in TestData) and the answers the host expects.</summary>
public sealed class FunctionsModeInvocationTests(AzuriteFixture azurite) : AppTest(azurite, factory => factory.ExtraFunctions.AddRange(
[
    FunctionDefinition.Queue<EchoHandler>("EchoForTests", "echo-in", new QueueOutput("next", "echo-out")),
    FunctionDefinition.Queue<AlwaysFailingHandler>("FailForTests", "fail-in"),
    FunctionDefinition.Timer<TimerReportHandler>("TimerForTests", "Tests__Schedule", "0 0 * * * *", new QueueOutput("report", "timer-out")),
]))
{

    [Fact]
    public async Task Readiness_probe_on_root_answers_at_once()
    {
        var response = await Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Service_bus_invocation_is_answered_with_outputs_for_the_next_queue()
    {
        var response = await Client.PostAsync("/EchoForTests", Json(File.ReadAllText("TestData/servicebus-invocation.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var messages = body["Outputs"]!["next"]!.AsArray();
        var message = Assert.Single(messages)!;
        Assert.Equal("20261123101500123-a1b2c3d4e5f6-0", (string?)message["contactRef"]);
        Assert.Equal(2, (int?)message["seenDeliveryCount"]);
        Assert.Equal("4b1c9f0e2d7a4c58a3e3a1d2c9b8f7e6", (string?)message["seenMessageId"]);
        Assert.Contains("echoed", body["Logs"]!.AsArray().Select(l => (string?)l));
        Assert.Null(body["ReturnValue"]);
    }

    [Fact]
    public async Task Message_sent_as_double_encoded_text_by_older_hosts_is_read_the_same()
    {
        var text = JsonSerializer.Serialize(JsonSerializer.Serialize(new { contactRef = "r-1" }));
        var payload = new JsonObject { ["Data"] = new JsonObject { ["msg"] = text }, ["Metadata"] = new JsonObject { ["DeliveryCount"] = 1 } };

        var response = await Client.PostAsync("/EchoForTests", Json(payload.ToJsonString()));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("r-1", (string?)body["Outputs"]!["next"]![0]!["contactRef"]);
        Assert.Equal(1, (int?)body["Outputs"]!["next"]![0]!["seenDeliveryCount"]);
    }

    [Fact]
    public async Task Timer_invocation_receives_the_timer_info()
    {
        var response = await Client.PostAsync("/TimerForTests", Json(File.ReadAllText("TestData/timer-invocation.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Outputs"]!["report"]![0]!;
        Assert.True((bool)report["pastDue"]!);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T10:15:00Z"), report["next"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Failing_function_answers_non_2xx_with_the_error_so_the_host_retries()
    {
        var response = await Client.PostAsync("/FailForTests", Json(File.ReadAllText("TestData/servicebus-invocation.json")));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("the downstream system refused the record", (string?)body!["Logs"]![0]);
        Assert.Empty(body["Outputs"]!.AsObject());
    }

    [Fact]
    public async Task Invocation_that_is_not_json_is_refused_with_400()
    {
        var response = await Client.PostAsync("/EchoForTests", Json("{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}

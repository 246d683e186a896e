using System.Text.Json.Nodes;
using CrmFunctions.Hosting;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Runner;

/// <summary>Standalone mode: the runner feeds queue and timer functions from Azurite like the host feeds them from Service Bus.</summary>
public sealed class LocalTriggerRunnerTests(AzuriteFixture azurite) : AppTest(azurite, factory =>
{
    factory.Settings["Runner:Enabled"] = "true";
    factory.Settings["Tests:Schedule"] = "*/1 * * * * *";
    factory.ExtraFunctions.AddRange(
    [
        FunctionDefinition.Queue<EchoHandler>("EchoForTests", "echo-in", new QueueOutput("next", "echo-out")),
        FunctionDefinition.Queue<AlwaysFailingHandler>("FailForTests", "fail-in"),
        FunctionDefinition.Queue<PermanentlyFailingHandler>("RefuseForTests", "refuse-in"),
        FunctionDefinition.Queue<DeferUntilDueHandler>("DeferForTests", "defer-in", new QueueOutput("next", "defer-out")),
        FunctionDefinition.Timer<TimerReportHandler>("TimerForTests", "Tests__Schedule", "0 0 0 1 1 *", new QueueOutput("report", "timer-out")),
    ]);
})
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Message_put_on_a_queue_is_processed_and_its_output_appears_on_the_next_queue()
    {
        var storage = Azurite.CreateServices();
        await storage.GetQueueClient("echo-in").SendMessageAsync("""{"contactRef":"run-1"}""");

        var output = await QueueProbe.WaitForMessageAsync(storage.GetQueueClient("echo-out"), Patience);

        Assert.NotNull(output);
        var message = JsonNode.Parse(output)!;
        Assert.Equal("run-1", (string?)message["contactRef"]);
        Assert.Equal(1, (int?)message["seenDeliveryCount"]);
        Assert.Equal(0, await storage.GetQueueClient("echo-in").ApproximateCountAsync());
    }

    [Fact]
    public async Task Message_whose_handler_always_throws_ends_in_the_poison_queue_with_its_error_and_leaves_the_source()
    {
        var entry = await ParkedAsync("fail-in", """{"contactRef":"bad-1"}""");

        Assert.Equal("FailForTests", (string?)entry["function"]);
        Assert.Equal(3, (int?)entry["attempts"]);
        Assert.Contains("the downstream system refused the record", (string?)entry["error"]);
        Assert.Equal("""{"contactRef":"bad-1"}""", (string?)entry["message"]);
        Assert.Equal(0, await Azurite.CreateServices().GetQueueClient("fail-in").ApproximateCountAsync());
    }

    [Fact]
    public async Task Message_a_function_says_can_never_succeed_is_parked_after_one_attempt()
    {
        var entry = await ParkedAsync("refuse-in", """{"contactRef":"refused-1"}""");

        Assert.Equal(1, (int?)entry["attempts"]);
        Assert.Contains("the provider refused the record for good", (string?)entry["error"]);
    }

    /// <summary>Puts a message on a queue and gives the entry it left on that queue's poison queue.</summary>
    private async Task<JsonNode> ParkedAsync(string queue, string message)
    {
        var storage = Azurite.CreateServices();
        await storage.GetQueueClient(queue).SendMessageAsync(message);
        var poisoned = await QueueProbe.WaitForMessageAsync(storage.GetQueueClient(queue + "-poison"), Patience);
        Assert.NotNull(poisoned);
        return JsonNode.Parse(poisoned)!;
    }

    [Fact]
    public async Task Message_deferred_more_often_than_the_allowed_attempts_comes_back_after_its_time_and_is_handled_once_not_parked()
    {
        var storage = Azurite.CreateServices();
        var due = DateTimeOffset.UtcNow.AddSeconds(5);
        await storage.GetQueueClient("defer-in").SendMessageAsync(new JsonObject { ["contactRef"] = "deferred-1", ["due"] = due }.ToJsonString());

        var output = await QueueProbe.WaitForMessageAsync(storage.GetQueueClient("defer-out"), Patience);

        Assert.NotNull(output);
        var message = JsonNode.Parse(output)!;
        Assert.True(message["handledAt"]!.GetValue<DateTimeOffset>() >= due, "handled before its time");
        // Each deferral put back a fresh copy: handled at its first delivery, however many nights it waited.
        Assert.Equal(1, (int?)message["seenDeliveryCount"]);
        var deferrals = Factory.Logs.Lines.Count(l => l.Contains("DeferForTests deferred message", StringComparison.Ordinal));
        Assert.True(deferrals >= 3, $"deferred {deferrals} times, fewer than Runner:MaxAttempts");
        var poison = storage.GetQueueClient("defer-in-poison");
        Assert.True(!await poison.ExistsAsync() || await poison.ApproximateCountAsync() == 0, "a deferred message was parked");
        Assert.Equal(0, await storage.GetQueueClient("defer-in").ApproximateCountAsync());
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await storage.GetQueueClient("defer-out").ApproximateCountAsync());
    }

    [Fact]
    public async Task Timer_function_fires_on_its_schedule_and_its_output_is_routed()
    {
        var storage = Azurite.CreateServices();

        var output = await QueueProbe.WaitForMessageAsync(storage.GetQueueClient("timer-out"), Patience);

        Assert.NotNull(output);
        Assert.False((bool)JsonNode.Parse(output)!["pastDue"]!);
    }
}

using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Runner;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Tests.Runner;

/// <summary>The operator's queues verb in standalone mode, against Azurite.</summary>
public sealed class QueuesCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string GuestEmail = "claire.dubois@example.fr";

    private IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["CrmStorage"] = azurite.ConnectionString })
        .Build();

    private async Task<string> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var exit = await QueueReport.RunAsync(args, Configuration, output, CancellationToken.None);
        return $"exit {exit}\n{output}";
    }

    private static string Poisoned(int i) => new JsonObject
    {
        ["function"] = "NormalizeContact",
        ["queue"] = QueueNames.ContactsNormalize,
        ["attempts"] = 5,
        ["error"] = "InvalidOperationException: refused",
        ["message"] = new JsonObject { ["ingestionId"] = $"ing-{i}", ["index"] = i, ["email"] = GuestEmail }.ToJsonString(),
    }.ToJsonString();

    [Fact]
    public async Task Poison_messages_are_counted_described_without_guest_data_and_moved_back_on_request()
    {
        var storage = azurite.CreateServices();
        var queue = storage.GetQueueClient(QueueNames.ContactsNormalize);
        var poison = storage.GetQueueClient(QueueNames.Poison(QueueNames.ContactsNormalize));
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        for (var i = 0; i < 3; i++)
            await poison.SendMessageAsync(Poisoned(i));

        var report = await RunAsync("--peek", "5");
        var first = await RunAsync("resubmit", QueueNames.ContactsNormalize, "--max", "2");
        var rest = await RunAsync("resubmit", QueueNames.ContactsNormalize);

        Assert.Matches(@"contacts-normalize-poison\s+3 message\(s\)", report);
        Assert.Contains("function=NormalizeContact", report);
        Assert.DoesNotContain(GuestEmail, report + first + rest, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("exit 0\n2 message(s) moved back to contacts-normalize\n", first.ReplaceLineEndings("\n"));
        Assert.Equal("exit 0\n1 message(s) moved back to contacts-normalize\n", rest.ReplaceLineEndings("\n"));
        var requeued = await queue.PeekAsync(32);
        Assert.Equal(["ing-0", "ing-1", "ing-2"], requeued.Select(m => (string)JsonNode.Parse(m.MessageText)!["ingestionId"]!).Order());
        Assert.Empty(await poison.PeekAsync(32));
    }

    [Fact]
    public async Task Resubmitting_to_a_queue_that_is_not_the_pipeline_s_is_refused_with_the_list()
    {
        var answer = await RunAsync("resubmit", "no-such-queue");

        Assert.StartsWith("exit 2", answer);
        Assert.Contains(QueueNames.ContactsDedupe, answer);
    }
}

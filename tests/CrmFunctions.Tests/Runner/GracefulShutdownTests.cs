using CrmFunctions.Hosting;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Runner;

/// <summary>Stopping the app while a message is being processed never loses it: it is finished, or it stays on its queue.</summary>
public sealed class GracefulShutdownTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Message_in_flight_when_the_app_stops_is_either_delivered_or_still_queued()
    {
        var storage = azurite.CreateServices();
        var factory = new CrmAppFactory(azurite);
        factory.Settings["Runner:Enabled"] = "true";
        factory.ExtraFunctions.Add(FunctionDefinition.Queue<SlowHandler>("SlowForTests", "slow-in", new QueueOutput("next", "slow-out")));
        factory.CreateClient().Dispose();
        var source = storage.GetQueueClient("slow-in");
        await source.SendMessageAsync("""{"contactRef":"in-flight-1"}""");

        // Stop once the runner has taken the message (it is hidden from peeks while processed).
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((await source.PeekAsync(1, CancellationToken.None)).Count > 0 && !cts.IsCancellationRequested)
                await Task.Delay(20, CancellationToken.None);
        }
        await factory.DisposeAsync();

        var delivered = await storage.GetQueueClient("slow-out").PeekAsync(1);
        var stillQueued = delivered.Count == 0
            ? await QueueProbe.WaitForMessageAsync(source, TimeSpan.FromSeconds(30))
            : null;
        Assert.True(delivered.Count == 1 || stillQueued is not null, "the in-flight message was lost");
        Assert.Contains("in-flight-1", delivered.Count == 1 ? delivered[0].MessageText : stillQueued);
    }
}

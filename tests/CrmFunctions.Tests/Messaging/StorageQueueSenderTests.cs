using CrmFunctions.Messaging;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Messaging;

/// <summary>Standalone mode's sender against Azurite: a not-before time is a visibility delay.</summary>
public sealed class StorageQueueSenderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_message_with_a_not_before_time_stays_hidden_until_then_and_others_show_at_once()
    {
        var storage = azurite.CreateServices();
        var queue = storage.GetQueueClient("deferred-send-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.CreateIfNotExistsAsync();
        var notBefore = DateTimeOffset.UtcNow.AddSeconds(3);

        await new StorageQueueSender(storage, TimeProvider.System).SendAsync(queue.Name,
            [new OutgoingMessage("""{"n":"later"}""", "m-1", notBefore), new OutgoingMessage("""{"n":"now"}""", "m-2")], CancellationToken.None);

        Assert.Equal(["""{"n":"now"}"""], (await queue.PeekAsync()).Select(m => m.MessageText));
        while (DateTimeOffset.UtcNow < notBefore.AddSeconds(1))
            await Task.Delay(200);
        Assert.Equal(2, (await queue.PeekAsync()).Count);
    }

    [Theory]
    [InlineData(0.2, 1)]      // whole seconds, rounded up: never shown before its time
    [InlineData(3600, 3600)]
    [InlineData(864000, 518400)] // ten days: six, the most a message with the default time to live may hide
    public void The_visibility_delay_is_rounded_up_to_whole_seconds_and_capped(double seconds, double hidden)
    {
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(TimeSpan.FromSeconds(hidden), StorageQueueSender.HiddenFor(now.AddSeconds(seconds), now));
        Assert.Null(StorageQueueSender.HiddenFor(now.AddSeconds(-1), now));
        Assert.Null(StorageQueueSender.HiddenFor(null, now));
    }
}

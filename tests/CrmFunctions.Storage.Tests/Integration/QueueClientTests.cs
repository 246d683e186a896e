using Azure;
using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public class QueueClientTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Hidden = TimeSpan.FromMinutes(5);

    private async Task<QueueClient> NewQueueAsync()
    {
        var queue = azurite.CreateServices().GetQueueClient(azurite.UniqueName("q"));
        Assert.True(await queue.CreateIfNotExistsAsync());
        return queue;
    }

    [Fact]
    public async Task Creating_a_queue_twice_reports_it_already_existed()
    {
        var queue = azurite.CreateServices().GetQueueClient(azurite.UniqueName("twice"));

        Assert.True(await queue.CreateIfNotExistsAsync());
        Assert.False(await queue.CreateIfNotExistsAsync());
        Assert.True(await queue.DeleteAsync());
    }

    [Fact]
    public async Task Json_text_with_xml_special_characters_arrives_unchanged()
    {
        var queue = await NewQueueAsync();
        var text = "{\"name\":\"<Zoë & \\\"O'Neil\\\">\",\"note\":\"]]>\"}";

        var receipt = await queue.SendMessageAsync(text);
        var received = Assert.Single(await queue.ReceiveMessagesAsync(10, Hidden));

        Assert.Equal(text, received.MessageText);
        Assert.Equal(receipt.MessageId, received.MessageId);
        Assert.Equal(1, received.DequeueCount);
        Assert.True(received.ExpiresOn > received.InsertedOn);
    }

    [Fact]
    public async Task A_message_not_deleted_comes_back_after_its_visibility_timeout_with_a_higher_dequeue_count()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("{\"id\":1}");

        var first = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)));
        var second = await ReceiveOneWithinAsync(queue, TimeSpan.FromSeconds(30));

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
    }

    [Fact]
    public async Task A_received_message_is_hidden_and_deleting_it_empties_the_queue()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("a");

        var message = Assert.Single(await queue.ReceiveMessagesAsync(1, Hidden));
        Assert.Empty(await queue.ReceiveMessagesAsync(1, Hidden));
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Deleting_with_an_outdated_pop_receipt_fails_and_keeps_the_message()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("a");
        var message = Assert.Single(await queue.ReceiveMessagesAsync(1, Hidden));
        var newReceipt = await queue.UpdateVisibilityAsync(message.MessageId, message.PopReceipt, Hidden);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(message.MessageId, message.PopReceipt));

        Assert.Equal(400, error.Status);
        Assert.Equal("PopReceiptMismatch", error.ErrorCode);
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
        await queue.DeleteMessageAsync(message.MessageId, newReceipt);
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Update_visibility_to_zero_makes_the_message_receivable_at_once_with_its_new_text()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("{\"attempt\":1}");
        var message = Assert.Single(await queue.ReceiveMessagesAsync(1, Hidden));

        await queue.UpdateVisibilityAsync(message.MessageId, message.PopReceipt, TimeSpan.Zero, "{\"attempt\":2}");
        var again = Assert.Single(await queue.ReceiveMessagesAsync(1, Hidden));

        Assert.Equal(message.MessageId, again.MessageId);
        Assert.Equal("{\"attempt\":2}", again.MessageText);
    }

    [Fact]
    public async Task A_delayed_message_is_counted_but_neither_received_nor_peeked_before_its_delay()
    {
        var queue = await NewQueueAsync();

        var receipt = await queue.SendMessageAsync("later", visibilityDelay: TimeSpan.FromHours(1));

        Assert.True(receipt.NextVisibleOn > receipt.InsertedOn.AddMinutes(59));
        Assert.Empty(await queue.ReceiveMessagesAsync(32, Hidden));
        Assert.Empty(await queue.PeekMessagesAsync(32));
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Time_to_live_sets_the_expiry()
    {
        var queue = await NewQueueAsync();

        var shortLived = await queue.SendMessageAsync("a", timeToLive: TimeSpan.FromMinutes(10));
        var forever = await queue.SendMessageAsync("b", timeToLive: Timeout.InfiniteTimeSpan);

        Assert.True(shortLived.ExpiresOn <= shortLived.InsertedOn.AddMinutes(10).AddSeconds(1));
        Assert.True(forever.ExpiresOn > forever.InsertedOn.AddYears(100));
    }

    [Fact]
    public async Task Peek_shows_messages_without_hiding_them()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("one");
        await queue.SendMessageAsync("two");

        var peeked = await queue.PeekMessagesAsync(10);
        var received = await queue.ReceiveMessagesAsync(10, Hidden);

        Assert.Equal(["one", "two"], peeked.Select(m => m.MessageText).Order());
        Assert.All(peeked, m => Assert.Equal(0, m.DequeueCount));
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task Approximate_count_includes_hidden_messages()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }
        await queue.ReceiveMessagesAsync(2, Hidden);

        Assert.Equal(3, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Messages_over_64_KiB_are_refused_and_exactly_64_KiB_is_accepted()
    {
        var queue = await NewQueueAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new string('x', QueueClient.MaxMessageBytes + 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new string('é', QueueClient.MaxMessageBytes / 2 + 1)));
        await queue.SendMessageAsync(new string('x', QueueClient.MaxMessageBytes));

        Assert.Equal(QueueClient.MaxMessageBytes, Assert.Single(await queue.ReceiveMessagesAsync(1, Hidden)).MessageText.Length);
    }

    [Fact]
    public async Task Operations_on_a_missing_queue_fail_with_404()
    {
        var queue = azurite.CreateServices().GetQueueClient(azurite.UniqueName("missing"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("x"));

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
    }

    private static async Task<QueueMessageItem> ReceiveOneWithinAsync(QueueClient queue, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            var messages = await queue.ReceiveMessagesAsync(1, Hidden, timeout.Token);
            if (messages.Count > 0)
            {
                return messages[0];
            }
            await Task.Delay(250, timeout.Token);
        }
    }
}

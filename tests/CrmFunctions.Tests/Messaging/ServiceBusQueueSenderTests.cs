using Azure.Messaging.ServiceBus;
using CrmFunctions.Messaging;
using Moq;

namespace CrmFunctions.Tests.Messaging;

/// <summary>Functions mode's sender, against the Service Bus SDK's own types (the namespace itself is the edge, mocked).</summary>
public sealed class ServiceBusQueueSenderTests
{
    private readonly List<List<ServiceBusMessage>> _batches = [];
    private readonly Mock<ServiceBusSender> _sender = new();
    private readonly Mock<ServiceBusClient> _client = new();

    public ServiceBusQueueSenderTests()
    {
        // A batch takes two messages, as a full one would refuse the third.
        _sender.Setup(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>())).Returns(() =>
        {
            var store = new List<ServiceBusMessage>();
            _batches.Add(store);
            return ValueTask.FromResult(ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store, tryAddCallback: _ => store.Count < 2));
        });
        _sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        _client.Setup(c => c.CreateSender(It.IsAny<string>())).Returns(_sender.Object);
    }

    [Fact]
    public async Task An_ingestion_s_messages_go_in_as_few_batches_as_fit_each_with_its_stable_id()
    {
        await using var queues = new ServiceBusQueueSender(_client.Object);
        var messages = Enumerable.Range(0, 5).Select(i => new OutgoingMessage($$"""{"index":{{i}}}""", $"ingestion-1-{i}")).ToList();

        await queues.SendAsync("contacts-normalize", messages, CancellationToken.None);

        Assert.Equal([2, 2, 1], _batches.Select(b => b.Count));
        var sent = _batches.SelectMany(b => b).ToList();
        Assert.Equal(messages.Select(m => m.MessageId), sent.Select(m => m.MessageId));
        Assert.Equal(messages.Select(m => m.Text), sent.Select(m => m.Body.ToString()));
        Assert.All(sent, m => Assert.Equal("application/json", m.ContentType));
        _sender.Verify(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task A_deferred_message_is_sent_as_a_scheduled_message_and_others_go_at_once()
    {
        await using var queues = new ServiceBusQueueSender(_client.Object);
        var notBefore = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

        await queues.SendAsync("campaign-triggers",
            [new OutgoingMessage("{}", "m-42~deferred-0011223344556677", notBefore), new OutgoingMessage("{}", "m-43")], CancellationToken.None);

        var sent = _batches.SelectMany(b => b).ToList();
        Assert.Equal(notBefore, sent[0].ScheduledEnqueueTime);
        Assert.Equal("m-42~deferred-0011223344556677", sent[0].MessageId);
        Assert.Equal(default, sent[1].ScheduledEnqueueTime);
    }

    [Fact]
    public async Task One_sender_per_queue_serves_every_send_and_is_closed_with_the_app()
    {
        var queues = new ServiceBusQueueSender(_client.Object);

        await queues.SendAsync("campaign-triggers", "{}", "alert-1", CancellationToken.None);
        await queues.SendAsync("campaign-triggers", "{}", "alert-2", CancellationToken.None);
        await queues.DisposeAsync();

        _client.Verify(c => c.CreateSender("campaign-triggers"), Times.Once);
        _sender.Verify(s => s.DisposeAsync(), Times.Once);
    }

    [Fact]
    public async Task A_message_too_large_for_any_batch_fails_the_send_rather_than_vanishing()
    {
        _sender.Setup(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>())).Returns(() =>
            ValueTask.FromResult(ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, new List<ServiceBusMessage>(), tryAddCallback: _ => false)));
        await using var queues = new ServiceBusQueueSender(_client.Object);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            queues.SendAsync("contacts-normalize", [new OutgoingMessage(new string('x', 300_000), "big-1")], CancellationToken.None));

        Assert.Contains("big-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resubmitted_dead_letter_keeps_its_body_and_gets_an_id_derived_from_the_original()
    {
        var dead = ServiceBusModelFactory.ServiceBusReceivedMessage(BinaryData.FromString("""{"ingestionId":"i-1"}"""), messageId: "i-1-0",
            contentType: "application/json");

        var copy = CrmFunctions.Runner.ServiceBusQueues.Resubmitted(dead);

        Assert.Equal("i-1-0-resubmitted", copy.MessageId);
        Assert.Equal("""{"ingestionId":"i-1"}""", copy.Body.ToString());
        Assert.Equal("application/json", copy.ContentType);
    }
}

using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using CrmFunctions.Hosting;
using CrmFunctions.Storage;

namespace CrmFunctions.Messaging;

/// <param name="MessageId">Stable across retries of the same work: Service Bus duplicate detection drops a resend.</param>
/// <param name="NotBefore">
/// When the message may first be received (a deferral, see Hosting.DeferException): a scheduled message on Service Bus,
/// a visibility delay on a Storage queue. Null for at once.
/// </param>
public sealed record OutgoingMessage(string Text, string MessageId, DateTimeOffset? NotBefore = null);

/// <summary>Puts messages on a pipeline queue: a Service Bus queue in Azure, the Storage queue of the same name locally.</summary>
public interface IQueueSender
{
    Task SendAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);
}

public static class QueueSenderExtensions
{
    public static Task SendAsync(this IQueueSender sender, string queue, string text, string messageId, CancellationToken cancellationToken) =>
        sender.SendAsync(queue, [new OutgoingMessage(text, messageId)], cancellationToken);
}

/// <summary>
/// A few at a time: the stages that read them do not rely on their order (each message stands alone, and a
/// consent change carries its time).
/// </summary>
public sealed class StorageQueueSender(StorageServices storage, TimeProvider clock) : IQueueSender
{
    /// <summary>
    /// A Storage queue hides a message for less than its time to live (seven days by default): a longer deferral
    /// surfaces after six days and is deferred again, which costs nothing.
    /// </summary>
    public static readonly TimeSpan MaxHiddenFor = TimeSpan.FromDays(6);

    public Task SendAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var client = storage.GetQueueClient(queue);
        var now = clock.GetUtcNow();
        return Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (message, ct) => await client.SendMessageAsync(message.Text, HiddenFor(message.NotBefore, now), cancellationToken: ct));
    }

    /// <summary>
    /// The visibility delay that stands for a not-before time; null for at once. Rounded up to whole seconds, the
    /// queue's unit: rounded down, the message would surface just before its time and be deferred once more.
    /// </summary>
    public static TimeSpan? HiddenFor(DateTimeOffset? notBefore, DateTimeOffset now) =>
        notBefore is { } until && until > now
            ? TimeSpan.FromSeconds(Math.Min(Math.Ceiling((until - now).TotalSeconds), MaxHiddenFor.TotalSeconds))
            : null;
}

/// <summary>
/// Sends in as few batches as the queue's size limit allows, one sender per queue kept for the app's lifetime
/// (a sender holds an AMQP link; opening one per message would cost a round trip each).
/// </summary>
public sealed class ServiceBusQueueSender(ServiceBusClient client) : IQueueSender, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    public async Task SendAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var sender = _senders.GetOrAdd(queue, client.CreateSender);
        var pending = 0;
        while (pending < messages.Count)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken);
            while (pending < messages.Count && batch.TryAddMessage(ToServiceBus(messages[pending])))
                pending++;
            if (batch.Count == 0)
                throw new InvalidOperationException(
                    $"Message {messages[pending].MessageId} for {queue} is larger than a Service Bus batch may be ({batch.MaxSizeInBytes} bytes).");
            await sender.SendMessagesAsync(batch, cancellationToken);
        }
    }

    /// <summary>A not-before time becomes the scheduled enqueue time: the namespace holds the message until then.</summary>
    public static ServiceBusMessage ToServiceBus(OutgoingMessage message)
    {
        var sent = new ServiceBusMessage(BinaryData.FromString(message.Text)) { MessageId = message.MessageId, ContentType = "application/json" };
        if (message.NotBefore is { } notBefore)
            sent.ScheduledEnqueueTime = notBefore;
        return sent;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values)
            await sender.DisposeAsync();
    }
}

public static class QueueSenderRegistration
{
    /// <summary>
    /// Functions mode sends to Service Bus, where the host's triggers listen (the namespace is required there and
    /// checked at start); standalone mode sends to Storage queues, which the local trigger runner reads.
    /// </summary>
    public static IServiceCollection AddQueueSender(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        services.AddCrmServiceBus(configuration, required: mode.IsFunctionsHost);
        if (mode.IsFunctionsHost)
            services.AddSingleton<IQueueSender, ServiceBusQueueSender>();
        else
            services.AddSingleton<IQueueSender, StorageQueueSender>();
        return services;
    }
}

using Azure.Messaging.ServiceBus;
using CrmFunctions.Storage;

namespace CrmFunctions.Runner;

/// <summary>The queues verb against the Service Bus namespace the Functions host's triggers listen on.</summary>
public static class ServiceBusQueues
{
    public static async Task ReportAsync(ServiceBusSettings settings, IReadOnlyList<string> queues, TextWriter output,
        CancellationToken cancellationToken)
    {
        var admin = settings.CreateAdministrationClient();
        await output.WriteLineAsync($"{"queue",-28} {"active",8} {"dead-lettered",14} {"scheduled",10}");
        foreach (var queue in queues)
        {
            try
            {
                var properties = (await admin.GetQueueRuntimePropertiesAsync(queue, cancellationToken)).Value;
                await output.WriteLineAsync(
                    $"{queue,-28} {properties.ActiveMessageCount,8} {properties.DeadLetterMessageCount,14} {properties.ScheduledMessageCount,10}");
            }
            catch (ServiceBusException e) when (e.Reason == ServiceBusFailureReason.MessagingEntityNotFound)
            {
                await output.WriteLineAsync($"{queue,-28} (no such queue in {settings.FullyQualifiedNamespace})");
            }
        }
    }

    /// <summary>
    /// Dead-lettered messages go back onto their queue as copies, then are completed. The copy's id is derived from the
    /// original's, so a resubmit repeated after a crash is dropped by duplicate detection rather than processed twice.
    /// </summary>
    public static async Task<int> ResubmitAsync(ServiceBusSettings settings, string queue, int max, CancellationToken cancellationToken)
    {
        await using var client = settings.CreateClient();
        await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await using var sender = client.CreateSender(queue);
        var moved = 0;
        while (moved < max)
        {
            var batch = await receiver.ReceiveMessagesAsync(Math.Min(100, max - moved), TimeSpan.FromSeconds(5), cancellationToken);
            if (batch.Count == 0)
                break;
            foreach (var message in batch)
            {
                await sender.SendMessageAsync(Resubmitted(message), cancellationToken);
                await receiver.CompleteMessageAsync(message, cancellationToken);
                moved++;
            }
        }
        return moved;
    }

    public static ServiceBusMessage Resubmitted(ServiceBusReceivedMessage message) =>
        new(message) { MessageId = message.MessageId + "-resubmitted" };
}

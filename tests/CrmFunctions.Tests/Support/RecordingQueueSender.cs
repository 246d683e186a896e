using System.Collections.Concurrent;
using CrmFunctions.Messaging;

namespace CrmFunctions.Tests.Support;

/// <summary>
/// Functions mode's queue sender stands for a Service Bus namespace, which does not exist in tests: this one records
/// what it was given (ServiceBusQueueSenderTests show what the SDK then receives), or fails once when told to.
/// </summary>
public sealed class RecordingQueueSender : IQueueSender
{
    public ConcurrentQueue<(string Queue, OutgoingMessage Message)> Messages { get; } = new();

    public bool FailNext { get; set; }

    public Task SendAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        if (FailNext)
        {
            FailNext = false;
            throw new InvalidOperationException("the namespace is unreachable");
        }
        foreach (var message in messages)
            Messages.Enqueue((queue, message));
        return Task.CompletedTask;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Privacy;
using CrmFunctions.Hosting;
using Azure;
using Azure.Storage.Queues;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>Takes a guest's messages off the queues they wait on, failed ones included.</summary>
public interface IQueueSweeper
{
    /// <returns>How many messages were deleted.</returns>
    Task<int> SweepAsync(GuestIdentity identity, CancellationToken cancellationToken);
}

/// <summary>
/// On Service Bus a message cannot be taken out of the middle of a queue without receiving the queue: the stages
/// drop an erased guest's messages when they arrive instead (suppression at deduplication, a record or answer
/// that is gone at enrichment).
/// </summary>
public sealed class DropOnArrival : IQueueSweeper
{
    public Task<int> SweepAsync(GuestIdentity identity, CancellationToken cancellationToken) => Task.FromResult(0);
}

/// <summary>
/// Storage queues (standalone mode) that no function reads: every poison queue, and an output queue read by another
/// system (campaign-triggers while no function dispatches it). Each message is received once; the guest's are
/// deleted and the others made visible again when the queue has been read. The queues functions read are left to
/// the functions, which drop an erased guest's messages when they arrive: receiving a busy queue would hold its
/// messages back from the workers and count a delivery against each of them.
/// </summary>
public sealed class StorageQueueSweeper(StorageServices storage, FunctionRegistry registry) : IQueueSweeper
{
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    public async Task<int> SweepAsync(GuestIdentity identity, CancellationToken cancellationToken)
    {
        if (identity.IsEmpty) return 0;
        var deleted = 0;
        foreach (var name in Unread(registry))
            deleted += await SweepAsync(storage.GetQueueClient(name), identity, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>The queues no function reads. An erasure request waiting its turn names its guest by necessity; it is carried out, not swept.</summary>
    public static IEnumerable<string> Unread(FunctionRegistry registry)
    {
        var triggers = registry.QueueFunctions.Select(f => ((QueueTrigger)f.Trigger).QueueName).ToHashSet(StringComparer.Ordinal);
        return registry.QueueNames.Where(q => q != QueueNames.PrivacyErasures)
            .SelectMany(q => triggers.Contains(q) ? [QueueNames.Poison(q)] : new[] { q, QueueNames.Poison(q) });
    }

    private static async Task<int> SweepAsync(QueueClient queue, GuestIdentity identity, CancellationToken cancellationToken)
    {
        if (!await queue.ExistsAsync(cancellationToken).ConfigureAwait(false)) return 0;
        var deleted = 0;
        // Others' messages stay hidden until the whole queue is read, so none is read twice and the end is an empty receive.
        var held = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while ((await queue.ReceiveMessagesAsync(32, Hold, cancellationToken).ConfigureAwait(false)).Value is { Length: > 0 } batch)
                foreach (var message in batch)
                {
                    if (IsAbout(identity, message.Body.ToString()))
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                        deleted++;
                    }
                    else held[message.MessageId] = message.PopReceipt;
                }
        }
        finally
        {
            foreach (var (id, receipt) in held)
                await ReleaseAsync(queue, id, receipt).ConfigureAwait(false);
        }
        return deleted;
    }

    private static async Task ReleaseAsync(QueueClient queue, string id, string receipt)
    {
        try
        {
            await queue.UpdateMessageAsync(id, receipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Held past its time and taken by a worker meanwhile: it is visible again already.
        }
    }

    /// <summary>A message is JSON; a poison message wraps the original text under "message".</summary>
    private static bool IsAbout(GuestIdentity identity, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return identity.Mentions(text);
        }
        if (identity.Mentions(node)) return true;
        return node is JsonObject { } wrapper && wrapper["message"] is JsonValue inner && inner.TryGetValue<string>(out var original)
            && original != text && IsAbout(identity, original);
    }
}

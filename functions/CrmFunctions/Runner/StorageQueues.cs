using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;

namespace CrmFunctions.Runner;

/// <summary>The queues verb against the Storage queues of standalone mode.</summary>
public static class StorageQueues
{
    public static async Task ReportAsync(StorageServices storage, IReadOnlyList<string> queues, int peek, TextWriter output,
        CancellationToken cancellationToken)
    {
        foreach (var queue in queues.Concat(queues.Select(QueueNames.Poison)))
        {
            var client = storage.GetQueueClient(queue);
            int count;
            try
            {
                count = (await client.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                continue;
            }
            await output.WriteLineAsync($"{queue,-28} {count,6} message(s)");
            if (count == 0 || peek == 0)
                continue;
            foreach (var message in (await client.PeekMessagesAsync(peek, cancellationToken)).Value)
                await output.WriteLineAsync("    " + QueueReport.Describe(message.Body.ToString()));
        }
    }

    /// <summary>
    /// Each poison message holds the original text under "message" (see <see cref="QueuePump"/>): that text goes back on
    /// the queue, then the poison message is deleted. A crash between the two leaves the poison message to move again;
    /// every stage is idempotent, so a message processed twice does no harm.
    /// </summary>
    public static async Task<int> ResubmitAsync(StorageServices storage, string queue, int max, CancellationToken cancellationToken)
    {
        var poison = storage.GetQueueClient(QueueNames.Poison(queue));
        var target = storage.GetQueueClient(queue);
        var moved = 0;
        while (moved < max)
        {
            var batch = (await poison.ReceiveMessagesAsync(Math.Min(32, max - moved), TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (batch.Length == 0)
                break;
            foreach (var message in batch)
            {
                var text = message.Body.ToString();
                var original = JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text;
                await target.SendMessageAsync(original, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }
        return moved;
    }
}

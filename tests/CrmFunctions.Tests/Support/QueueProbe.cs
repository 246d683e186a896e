using Azure.Storage.Queues;

namespace CrmFunctions.Tests.Support;

public static class QueueProbe
{
    /// <summary>Waits (bounded) until a queue holds a visible message and returns its text; null if none came.</summary>
    public static async Task<string?> WaitForMessageAsync(QueueClient queue, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!cts.IsCancellationRequested)
        {
            var peeked = await queue.PeekAsync(1, CancellationToken.None);
            if (peeked.Count > 0)
                return peeked[0].MessageText;
            try
            {
                await Task.Delay(100, cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return null;
    }
}

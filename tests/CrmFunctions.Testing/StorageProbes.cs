using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CrmFunctions.Testing;

/// <summary>A message looked at without receiving it, as the tests read it.</summary>
public sealed record PeekedText(string MessageId, string MessageText, long DequeueCount);

/// <summary>Short reads the tests make of queues and blobs, over the SDK clients.</summary>
public static class StorageProbes
{
    public static async Task<IReadOnlyList<PeekedText>> PeekAsync(this QueueClient queue, int max = 32,
        CancellationToken cancellationToken = default) =>
        (await queue.PeekMessagesAsync(max, cancellationToken)).Value
            .Select(m => new PeekedText(m.MessageId, m.Body.ToString(), m.DequeueCount)).ToList();

    public static async Task<int> ApproximateCountAsync(this QueueClient queue, CancellationToken cancellationToken = default) =>
        (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;

    public static async Task<BinaryData> DownloadAsync(this BlobContainerClient container, string blobName,
        CancellationToken cancellationToken = default) =>
        (await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content;
}

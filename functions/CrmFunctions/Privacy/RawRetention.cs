using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace CrmFunctions.Privacy;

/// <summary>
/// Deletes archived payloads received before a day. A payload's day is the one in its path
/// (raw/{kind}/yyyy/MM/dd/{ingestionId}.json, the UTC day intake received it); a blob put there by other means has
/// none, and its creation time stands in. In Azure a lifecycle rule on the container does the same by creation time:
/// this sweep is what runs locally, and it catches up at once when the setting is shortened.
/// </summary>
public sealed class RawRetention(BlobContainerClient container)
{
    private const int Parallelism = 8;

    /// <returns>The payloads deleted.</returns>
    public async Task<int> DeleteBeforeAsync(DateOnly cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        try
        {
            var expired = container.GetBlobsAsync(cancellationToken: cancellationToken).Where(blob => DayOf(blob) < cutoff);
            await Parallel.ForEachAsync(expired, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (blob, ct) =>
                {
                    var response = await container.GetBlobClient(blob.Name)
                        .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct).ConfigureAwait(false);
                    if (response.Value) Interlocked.Increment(ref deleted);
                }).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // No archive yet.
        }
        return deleted;
    }

    /// <summary>The UTC day of the blob's path, else of its creation.</summary>
    public static DateOnly DayOf(BlobItem blob) =>
        DayOfPath(blob.Name) ?? DateOnly.FromDateTime((blob.Properties.CreatedOn ?? DateTimeOffset.MaxValue).UtcDateTime);

    /// <summary>{kind}/yyyy/MM/dd/{name}: the day intake received the payload, or null for any other path.</summary>
    public static DateOnly? DayOfPath(string name) =>
        name.Split('/') is [_, var year, var month, var day, _]
        && DateOnly.TryParseExact($"{year}-{month}-{day}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}

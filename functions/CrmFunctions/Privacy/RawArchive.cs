using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CrmFunctions.Core.Privacy;

namespace CrmFunctions.Privacy;

/// <summary>One archived payload that carries the guest: its blob, and the guest's records in it.</summary>
public sealed record RawPayload(string Blob, string? Kind, IReadOnlyList<JsonNode?> Records);

/// <summary>Where the guest may be in the archive beyond what their records name: their keys and the ingestions of their rows.</summary>
public sealed record ArchiveLeads(IReadOnlySet<string> GuestKeys, IReadOnlySet<string> IngestionIds)
{
    /// <summary>The guest's keys, and the ingestions the guest's fact rows came in.</summary>
    public static ArchiveLeads Of(IReadOnlySet<string> guestKeys, IEnumerable<TableEntity> factRows) =>
        new(guestKeys, factRows.Select(r => r.GetString("IngestionId")).OfType<string>().ToHashSet(StringComparer.Ordinal));
}

/// <summary>
/// The guest in the raw archive. A payload is read when it may hold the guest: it came in the ingestion of one of
/// their records or rows, or its metadata lists one of their keys, or it lists none (archived before keys were noted,
/// a large batch, a feed with events it does not read). The listing gives the metadata, so the others are never
/// downloaded. A payload read is tested as text first, then record by record as JSON.
/// Erasing rewrites a payload that also holds others without the guest's records, and deletes one that holds only
/// the guest; both conditional on the version read, so a concurrent change is read again, not overwritten.
/// </summary>
public sealed class RawArchive(BlobContainerClient container)
{
    // Reading payloads is most of an erasure's time; Blob Storage serves many reads at once (Azurite one after another).
    private const int Parallelism = 32;

    public async Task<IReadOnlyList<RawPayload>> FindAsync(GuestIdentity identity, ArchiveLeads leads, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentBag<RawPayload>();
        await ForEachCandidateAsync(identity, leads, async (blob, root, _, _) =>
        {
            var ingestionId = IngestionIdOf(blob.Name);
            var records = PayloadRecords.Of(root).Where((r, i) => r is not null && Belongs(identity, ingestionId, r, i)).ToList();
            if (records.Count > 0) found.Add(new RawPayload(blob.Name, (blob.Metadata.TryGetValue("kind", out var kind) ? kind : null), records));
        }, cancellationToken).ConfigureAwait(false);
        return [.. found.OrderBy(p => p.Blob, StringComparer.Ordinal)];
    }

    /// <returns>Payloads rewritten and payloads deleted.</returns>
    public async Task<(int Rewritten, int Deleted)> EraseAsync(GuestIdentity identity, ArchiveLeads leads, CancellationToken cancellationToken)
    {
        int rewritten = 0, deleted = 0;
        await ForEachCandidateAsync(identity, leads, async (blob, root, etag, ct) =>
        {
            var ingestionId = IngestionIdOf(blob.Name);
            var erasure = PayloadRecords.Erase(root, (r, i) => Belongs(identity, ingestionId, r, i));
            if (erasure.Erased == 0) return;
            await WriteAsync(container.GetBlobClient(blob.Name), erasure, blob.Metadata, blob.Properties.ContentType, etag, ct).ConfigureAwait(false);
            if (erasure.DeleteWhole) Interlocked.Increment(ref deleted);
            else Interlocked.Increment(ref rewritten);
        }, cancellationToken).ConfigureAwait(false);
        return (rewritten, deleted);
    }

    /// <summary>Takes one record out of one payload (an erased guest's record that arrived again), or the payload if it was all.</summary>
    /// <returns>Whether the payload changed.</returns>
    public async Task<bool> EraseRecordAsync(string blobName, int index, CancellationToken cancellationToken)
    {
        var client = container.GetBlobClient(blobName);
        Response<BlobDownloadResult> download;
        try
        {
            download = await client.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(download.Value.Content.ToMemory().Span);
        }
        catch (JsonException)
        {
            return false;
        }
        var erasure = PayloadRecords.Erase(root, (_, i) => i == index);
        if (erasure.Erased == 0) return false;
        var props = await client.GetPropertiesAsync(new BlobRequestConditions { IfMatch = download.Value.Details.ETag }, cancellationToken).ConfigureAwait(false);
        await WriteAsync(client, erasure, props.Value.Metadata, props.Value.ContentType, download.Value.Details.ETag, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task WriteAsync(BlobClient client, PayloadErasure erasure, IDictionary<string, string> metadata, string contentType, ETag etag,
        CancellationToken cancellationToken)
    {
        var conditions = new BlobRequestConditions { IfMatch = etag };
        if (erasure.DeleteWhole)
        {
            await client.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions, cancellationToken).ConfigureAwait(false);
            return;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(erasure.Rewritten);
        await client.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string>(metadata) { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ["erased"] = "true" },
            Conditions = conditions,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool Belongs(GuestIdentity identity, string ingestionId, JsonNode? record, int index) =>
        identity.IsRecord(ingestionId, index) || identity.Mentions(record);

    /// <summary>raw/{kind}/yyyy/MM/dd/{ingestionId}.json</summary>
    private static string IngestionIdOf(string blobName) => Path.GetFileNameWithoutExtension(blobName);

    private async Task ForEachCandidateAsync(GuestIdentity identity, ArchiveLeads leads, Func<BlobItem, JsonNode?, ETag, CancellationToken, Task> act,
        CancellationToken cancellationToken)
    {
        if (identity.IsEmpty) return;
        var ingestions = identity.IngestionIds.Concat(leads.IngestionIds).ToHashSet(StringComparer.Ordinal);
        var blobs = container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken);
        try
        {
            await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (blob, ct) =>
                {
                    var named = ingestions.Contains(IngestionIdOf(blob.Name));
                    if (!named && !Ingest.RawGuestKeys.MayHold(blob.Metadata, leads.GuestKeys)) return;
                    var download = await container.GetBlobClient(blob.Name).DownloadContentAsync(ct).ConfigureAwait(false);
                    var content = download.Value.Content;
                    // Most payloads are someone else's: a text test first spares parsing them.
                    if (!named && !identity.Mentions(content.ToString())) return;
                    JsonNode? root;
                    try
                    {
                        root = JsonNode.Parse(content.ToMemory().Span);
                    }
                    catch (JsonException)
                    {
                        // Not JSON yet it names the guest: the whole payload is theirs to lose.
                        root = JsonValue.Create(content.ToString());
                    }
                    await act(blob, root, download.Value.Details.ETag, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No archive yet.
        }
    }
}

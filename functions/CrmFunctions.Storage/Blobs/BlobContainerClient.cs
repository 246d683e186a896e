using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>Block blobs of one container: whole-blob upload and download, listing, deletion.</summary>
public class BlobContainerClient
{
    private const string MetadataPrefix = "x-ms-meta-";

    private readonly HttpPipeline _pipeline = null!;
    private readonly Uri _endpoint = null!;

    /// <summary>For mocking.</summary>
    protected BlobContainerClient()
    {
        Name = string.Empty;
    }

    internal BlobContainerClient(HttpPipeline pipeline, Uri endpoint, string containerName)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = containerName;
    }

    public virtual string Name { get; }

    /// <returns>True when the container was created, false when it already existed.</returns>
    public virtual async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Put, ContainerPath);
        message.Request.Uri.AppendQuery("restype", "container");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            201 => true,
            409 when ErrorCode(response) == "ContainerAlreadyExists" => false,
            _ => throw StorageErrors.Create(response, $"Creating container {Name}"),
        };
    }

    /// <returns>The ETag of the blob as written.</returns>
    /// <exception cref="RequestFailedException">409 BlobAlreadyExists when <see cref="BlobUploadOptions.WriteOnce"/> is set and the blob exists.</exception>
    public virtual async Task<string> UploadAsync(string blobName, BinaryData content, BlobUploadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentNullException.ThrowIfNull(content);
        using var message = Create(RequestMethod.Put, BlobPath(blobName));
        var request = message.Request;
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        request.Headers.SetValue("Content-Type", options?.ContentType ?? "application/octet-stream");
        if (options?.WriteOnce == true)
        {
            request.Headers.SetValue("If-None-Match", "*");
        }
        foreach (var (name, value) in options?.Metadata ?? new Dictionary<string, string>())
        {
            ValidateMetadata(name, value);
            request.Headers.SetValue(MetadataPrefix + name, value);
        }
        request.Content = RequestContent.Create(content);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 201)
        {
            throw StorageErrors.Create(response, $"Uploading blob {blobName} to {Name}");
        }
        return Header(response, "ETag") ?? string.Empty;
    }

    /// <exception cref="RequestFailedException">404 BlobNotFound when there is no such blob.</exception>
    public virtual async Task<BlobDownloadResult> DownloadAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        using var message = Create(RequestMethod.Get, BlobPath(blobName));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Downloading blob {blobName} from {Name}");
        }
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[MetadataPrefix.Length..]] = header.Value;
            }
        }
        return new BlobDownloadResult(
            response.Content,
            Header(response, "Content-Type"),
            metadata,
            Header(response, "ETag") ?? string.Empty,
            ParseDate(Header(response, "Last-Modified")));
    }

    public virtual async Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        using var message = Create(RequestMethod.Head, BlobPath(blobName));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            200 => true,
            404 => false,
            _ => throw StorageErrors.Create(response, $"Checking blob {blobName} in {Name}"),
        };
    }

    /// <returns>True when the blob was deleted, false when there was none.</returns>
    public virtual async Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        using var message = Create(RequestMethod.Delete, BlobPath(blobName));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw StorageErrors.Create(response, $"Deleting blob {blobName} from {Name}"),
        };
    }

    /// <summary>The blobs whose names start with <paramref name="prefix"/>, in name order, page after page.</summary>
    /// <param name="pageSize">Blobs per request (the service caps it at 5,000).</param>
    public virtual async IAsyncEnumerable<BlobItem> GetBlobsAsync(string? prefix = null, int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (pageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), "pageSize must be positive.");
        }
        string? marker = null;
        do
        {
            using var message = Create(RequestMethod.Get, ContainerPath);
            var uri = message.Request.Uri;
            uri.AppendQuery("restype", "container");
            uri.AppendQuery("comp", "list");
            if (!string.IsNullOrEmpty(prefix))
            {
                uri.AppendQuery("prefix", prefix);
            }
            if (pageSize is { } size)
            {
                uri.AppendQuery("maxresults", size.ToString(CultureInfo.InvariantCulture));
            }
            if (marker is not null)
            {
                uri.AppendQuery("marker", marker);
            }
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var response = message.Response;
            if (response.Status != 200)
            {
                throw StorageErrors.Create(response, $"Listing blobs of {Name}");
            }
            var root = XDocument.Parse(response.Content.ToString()).Root!;
            var items = root.Element("Blobs")?.Elements("Blob").Select(ReadItem).ToList() ?? [];
            var next = root.Element("NextMarker")?.Value;
            marker = string.IsNullOrEmpty(next) ? null : next;
            foreach (var item in items)
            {
                yield return item;
            }
        }
        while (marker is not null);
    }

    private string ContainerPath => "/" + Uri.EscapeDataString(Name);

    private string BlobPath(string blobName) => ContainerPath + "/" + StorageRequest.EscapeBlobName(blobName);

    private HttpMessage Create(RequestMethod method, string path) =>
        StorageRequest.Create(_pipeline, method, _endpoint, path, StorageRequest.BlobQueueVersion);

    private static BlobItem ReadItem(XElement blob)
    {
        var properties = blob.Element("Properties");
        var length = properties?.Element("Content-Length")?.Value;
        var contentType = properties?.Element("Content-Type")?.Value;
        return new BlobItem(
            blob.Element("Name")?.Value ?? string.Empty,
            long.TryParse(length, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 0,
            string.IsNullOrEmpty(contentType) ? null : contentType,
            ParseDate(properties?.Element("Last-Modified")?.Value),
            properties?.Element("Etag")?.Value);
    }

    private static void ValidateMetadata(string name, string value)
    {
        // Metadata travels as HTTP headers: names must be identifiers, values plain ASCII without line breaks.
        if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Blob metadata name '{name}' is not a valid identifier.", nameof(BlobUploadOptions.Metadata));
        }
        ArgumentNullException.ThrowIfNull(value);
        if (value.Any(c => c > '\u007e' || (c < ' ' && c != '\t')))
        {
            throw new ArgumentException($"Blob metadata value of '{name}' must be printable ASCII.", nameof(BlobUploadOptions.Metadata));
        }
    }

    private static string? Header(Response response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : null;

    private static string? ErrorCode(Response response) => StorageErrors.Parse(response).Code;

    private static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}

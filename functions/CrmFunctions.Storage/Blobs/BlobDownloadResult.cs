namespace CrmFunctions.Storage;

public sealed class BlobDownloadResult
{
    public BlobDownloadResult(BinaryData content, string? contentType, IReadOnlyDictionary<string, string> metadata, string etag,
        DateTimeOffset? lastModified)
    {
        Content = content;
        ContentType = contentType;
        Metadata = metadata;
        ETag = etag;
        LastModified = lastModified;
    }

    public BinaryData Content { get; }
    public string? ContentType { get; }

    /// <summary>Metadata names compare case-insensitively, as the service treats them.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public string ETag { get; }
    public DateTimeOffset? LastModified { get; }
}

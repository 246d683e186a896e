namespace CrmFunctions.Storage;

public sealed class BlobUploadOptions
{
    /// <summary>Content type stored with the blob; application/octet-stream when not given.</summary>
    public string? ContentType { get; set; }

    /// <summary>Name/value pairs stored with the blob. Names must be valid C# identifiers, values ASCII.</summary>
    public IDictionary<string, string>? Metadata { get; set; }

    /// <summary>Fail with 409 BlobAlreadyExists rather than overwrite an existing blob.</summary>
    public bool WriteOnce { get; set; }
}

namespace CrmFunctions.Storage;

/// <summary>One blob of a listing.</summary>
public sealed record BlobItem(string Name, long ContentLength, string? ContentType, DateTimeOffset? LastModified, string? ETag);

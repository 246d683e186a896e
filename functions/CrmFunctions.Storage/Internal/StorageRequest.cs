using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>Request plumbing shared by the clients.</summary>
internal static class StorageRequest
{
    // Blob and Queue: a current version. Table: the version the Tables service documents its JSON against.
    public const string BlobQueueVersion = "2024-11-04";
    public const string TableVersion = "2019-02-02";

    /// <summary>Creates a message for <paramref name="endpoint"/> + <paramref name="escapedPath"/> (already escaped, starting with '/').</summary>
    public static HttpMessage Create(HttpPipeline pipeline, RequestMethod method, Uri endpoint, string escapedPath, string version)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/') + escapedPath));
        request.Headers.SetValue("x-ms-version", version);
        return message;
    }

    /// <summary>Escapes a blob name segment by segment so '/' keeps structuring the name.</summary>
    public static string EscapeBlobName(string blobName) =>
        string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));

    public static string Seconds(TimeSpan value) =>
        ((long)Math.Ceiling(value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

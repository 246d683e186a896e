using Azure.Core;

namespace CrmFunctions.Storage;

/// <summary>
/// Options shared by the Table, Blob and Queue clients: retries, diagnostics, transport.
/// Retries come from Azure.Core (exponential back-off on 408, 429, 500, 502, 503, 504 and transport errors).
/// </summary>
public class StorageClientOptions : ClientOptions
{
    public StorageClientOptions()
    {
        // Headers that help correlate with the service logs and carry no secret.
        // Authorization stays redacted, query values stay redacted (a SAS lives there), bodies are not logged.
        foreach (var header in new[]
                 {
                     "x-ms-request-id", "x-ms-version", "x-ms-error-code", "x-ms-date", "x-ms-blob-type",
                     "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey", "DataServiceVersion",
                     "Prefer", "Preference-Applied", "ETag", "Last-Modified", "Location",
                 })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }
        Diagnostics.IsLoggingContentEnabled = false;
    }
}

using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>Builds the one pipeline a service kind uses: retries and logging from the options, then authentication.</summary>
internal static class StoragePipeline
{
    public const string StorageScope = "https://storage.azure.com/.default";

    public static HttpPipeline Build(StorageAccount account, StorageServiceKind service, StorageClientOptions options)
    {
        HttpPipelinePolicy auth = account.SharedKey is { } key
            ? new SharedKeyAuthenticationPolicy(key, service)
            : new BearerTokenAuthenticationPolicy(account.TokenCredential!, StorageScope);
        return HttpPipelineBuilder.Build(options, [], [auth], new ResponseClassifier());
    }
}

using Azure.Core;
using Azure.Identity;

namespace CrmFunctions.Storage;

public static class AzureCredentials
{
    /// <summary>
    /// A user-assigned managed identity when its client id is given (what the Bicep grants roles to), else
    /// the developer's or platform's default chain. Nothing is fetched until a token is asked for.
    /// </summary>
    public static TokenCredential For(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
}

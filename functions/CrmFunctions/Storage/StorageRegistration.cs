using Azure.Core;
using Azure.Identity;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;

namespace CrmFunctions.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// One set of storage clients for the app: from the CrmStorage connection string (local, Azurite),
    /// or from CrmStorage__accountName with a managed identity (Azure, shared keys disabled).
    /// </summary>
    public static IServiceCollection AddCrmStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => new StorageServices(ResolveAccount(configuration), new StorageClientOptions()));
        return services;
    }

    public static StorageAccount ResolveAccount(IConfiguration configuration)
    {
        var section = configuration.GetSection(ToKey(SettingNames.CrmStorage));
        var accountName = configuration[ToKey(SettingNames.CrmStorageAccountName)];
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            var clientId = configuration[ToKey(SettingNames.CrmStorageClientId)];
            TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            return StorageAccount.FromTokenCredential(accountName, credential);
        }
        var connectionString = section.Value;
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"No storage configured: set {SettingNames.CrmStorage} (a connection string, UseDevelopmentStorage=true locally) or {SettingNames.CrmStorageAccountName}.");
        return StorageAccount.Parse(connectionString);
    }

    /// <summary>App settings use "__" between sections; IConfiguration uses ":".</summary>
    public static string ToKey(string settingName) => settingName.Replace("__", ":", StringComparison.Ordinal);
}

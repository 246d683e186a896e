using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CrmFunctions.Core.Contracts;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Storage;

/// <summary>
/// Where the storage account is and how to reach it: a connection string (<c>CrmStorage</c>; locally
/// <c>UseDevelopmentStorage=true</c>) or an account name reached with a managed identity
/// (<c>CrmStorage__accountName</c>, with <c>CrmStorage__clientId</c> for a user-assigned one), the same
/// pair of forms the Functions host reads for its own identity-based connections.
/// </summary>
public sealed partial class StorageSettings
{
    public string? ConnectionString { get; set; }
    public string? AccountName { get; set; }
    public string? ClientId { get; set; }

    public static StorageSettings From(IConfiguration configuration) => new()
    {
        ConnectionString = SettingKeys.Read(configuration, SettingNames.CrmStorage),
        AccountName = SettingKeys.Read(configuration, SettingNames.CrmStorageAccountName),
        ClientId = SettingKeys.Read(configuration, SettingNames.CrmStorageClientId),
    };

    /// <summary>What is wrong with these settings, each naming the setting to fix; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (ConnectionString is null && AccountName is null)
        {
            yield return $"No storage configured: set {SettingNames.CrmStorage} (a connection string; UseDevelopmentStorage=true locally) " +
                         $"or {SettingNames.CrmStorageAccountName} (a managed identity in Azure).";
            yield break;
        }
        if (ConnectionString is not null && AccountName is not null)
            yield return $"{SettingNames.CrmStorage} and {SettingNames.CrmStorageAccountName} are both set: give the connection string or the account name, not both.";
        if (AccountName is not null && !AccountNamePattern().IsMatch(AccountName))
            yield return $"{SettingNames.CrmStorageAccountName} must be a storage account name: 3 to 24 lowercase letters and digits.";
        if (ClientId is not null && AccountName is null)
            yield return $"{SettingNames.CrmStorageClientId} is set without {SettingNames.CrmStorageAccountName}: a client id only applies to a managed identity.";
        if (ClientId is not null && !Guid.TryParse(ClientId, out _))
            yield return $"{SettingNames.CrmStorageClientId} must be the client id (a GUID) of a user-assigned managed identity.";
        if (ConnectionString is not null && ConnectionStringProblem(ConnectionString) is { } problem)
            yield return $"{SettingNames.CrmStorage} is not a usable storage connection string: {problem}";
    }

    public TableServiceClient CreateTableServiceClient(TableClientOptions options, TokenCredential credential) =>
        ConnectionString is { } cs ? new TableServiceClient(cs, options) : new TableServiceClient(Endpoint("table"), credential, options);

    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions options, TokenCredential credential) =>
        ConnectionString is { } cs ? new BlobServiceClient(cs, options) : new BlobServiceClient(Endpoint("blob"), credential, options);

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options, TokenCredential credential) =>
        ConnectionString is { } cs ? new QueueServiceClient(cs, options) : new QueueServiceClient(Endpoint("queue"), credential, options);

    private Uri Endpoint(string service) => new($"https://{AccountName}.{service}.core.windows.net");

    /// <summary>The SDKs parse the string when a client is built: build one to learn, before start-up ends, whether they can.</summary>
    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            _ = new BlobServiceClient(connectionString);
            _ = new QueueServiceClient(connectionString);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDKs' messages name the part that is missing or malformed, never the key's value.
            return e.Message;
        }
    }

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountNamePattern();
}

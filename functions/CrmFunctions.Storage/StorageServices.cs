using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CrmFunctions.Storage;

/// <summary>
/// The three SDK service clients of the app's storage account, registered once, and the table, container and
/// queue clients the app asks for by name. Members are virtual so a test can make one of them fail.
/// </summary>
public class StorageServices
{
    /// <summary>For mocking.</summary>
    protected StorageServices()
    {
        Tables = null!;
        Blobs = null!;
        Queues = null!;
    }

    public StorageServices(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues)
    {
        Tables = tables;
        Blobs = blobs;
        Queues = queues;
    }

    /// <summary>Clients for settings already validated (command-line verbs, tests, benchmarks), built as the app builds them.</summary>
    /// <param name="configure">More for every client's options: a benchmark adds a policy that counts requests.</param>
    public static StorageServices Create(StorageSettings settings, Action<ClientOptions>? configure = null)
    {
        var credential = AzureCredentials.For(settings.ClientId);
        T Options<T>(T options) where T : ClientOptions
        {
            configure?.Invoke(options);
            return options;
        }
        return new StorageServices(
            settings.CreateTableServiceClient(Options(StorageClientOptions.Tables()), credential),
            settings.CreateBlobServiceClient(Options(StorageClientOptions.Blobs()), credential),
            settings.CreateQueueServiceClient(Options(StorageClientOptions.Queues()), credential));
    }

    public virtual TableServiceClient Tables { get; }
    public virtual BlobServiceClient Blobs { get; }
    public virtual QueueServiceClient Queues { get; }

    public virtual TableClient GetTableClient(string tableName) => Tables.GetTableClient(tableName);

    public virtual BlobContainerClient GetBlobContainerClient(string containerName) => Blobs.GetBlobContainerClient(containerName);

    public virtual QueueClient GetQueueClient(string queueName) => Queues.GetQueueClient(queueName);
}

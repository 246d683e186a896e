using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>
/// Entry point: one pipeline per service kind for one account, and the clients that share them.
/// Create it once (it is thread-safe) and keep it for the lifetime of the application.
/// </summary>
public class StorageServices
{
    private readonly HttpPipeline _blobPipeline = null!;
    private readonly HttpPipeline _queuePipeline = null!;

    /// <summary>For mocking.</summary>
    protected StorageServices()
    {
        Account = null!;
        Tables = null!;
    }

    public StorageServices(StorageAccount account, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        options ??= new StorageClientOptions();
        Account = account;
        _blobPipeline = StoragePipeline.Build(account, StorageServiceKind.Blob, options);
        _queuePipeline = StoragePipeline.Build(account, StorageServiceKind.Queue, options);
        Tables = new TableServiceClient(StoragePipeline.Build(account, StorageServiceKind.Table, options), account.TableEndpoint);
    }

    public virtual StorageAccount Account { get; }

    public virtual TableServiceClient Tables { get; }

    public virtual TableClient GetTableClient(string tableName) => Tables.GetTableClient(tableName);

    public virtual BlobContainerClient GetBlobContainerClient(string containerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        return new BlobContainerClient(_blobPipeline, Account.BlobEndpoint, containerName);
    }

    public virtual QueueClient GetQueueClient(string queueName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        return new QueueClient(_queuePipeline, Account.QueueEndpoint, queueName);
    }
}

using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;

namespace CrmFunctions.Storage;

/// <summary>
/// Standalone mode: creates every table, container and queue (with its -poison twin) before the app
/// serves, so a fresh Azurite works at once. In Azure the infrastructure declares them instead, and
/// start-up must never wait on storage (the host gives the handler 30 s to answer GET /).
/// </summary>
public sealed class StorageBootstrapper(StorageServices storage, FunctionRegistry registry, ILogger<StorageBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queues = registry.QueueNames.Concat(QueueNames.All).Distinct(StringComparer.Ordinal).ToList();
        var poison = registry.QueueFunctions.Select(f => QueueNames.Poison(((QueueTrigger)f.Trigger).QueueName));
        var work = TableNames.All.Select(Task (t) => storage.GetTableClient(t).CreateIfNotExistsAsync(cancellationToken))
            .Concat(ContainerNames.All.Select(Task (c) => storage.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
            .Concat(queues.Concat(poison).Distinct(StringComparer.Ordinal)
                .Select(Task (q) => storage.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(work);
        logger.LogInformation("Storage ready: {Tables} tables, {Containers} containers, {Queues} queues",
            TableNames.All.Count, ContainerNames.All.Count, queues.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

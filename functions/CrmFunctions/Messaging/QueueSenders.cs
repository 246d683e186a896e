using Azure.Core;
using Azure.Identity;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Storage;

namespace CrmFunctions.Messaging;

/// <summary>Puts a message on a pipeline queue: a Service Bus queue in Azure, the Storage queue of the same name locally.</summary>
public interface IQueueSender
{
    Task SendAsync(string queue, string text, string? messageId, CancellationToken cancellationToken);
}

public sealed class StorageQueueSender(StorageServices storage) : IQueueSender
{
    public Task SendAsync(string queue, string text, string? messageId, CancellationToken cancellationToken) =>
        storage.GetQueueClient(queue).SendMessageAsync(text, cancellationToken: cancellationToken);
}

public sealed class ServiceBusQueueSender(ServiceBusSender sender) : IQueueSender
{
    public Task SendAsync(string queue, string text, string? messageId, CancellationToken cancellationToken) =>
        sender.SendAsync(queue, text, messageId, cancellationToken: cancellationToken);
}

public static class QueueSenderRegistration
{
    /// <summary>
    /// Functions mode with a Service Bus namespace configured sends to Service Bus (where the host's triggers
    /// listen); otherwise to Storage queues, which the local trigger runner reads.
    /// </summary>
    public static IServiceCollection AddQueueSender(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        var ns = configuration[StorageRegistration.ToKey(SettingNames.ServiceBusNamespace)];
        if (mode.IsFunctionsHost && !string.IsNullOrWhiteSpace(ns))
        {
            var clientId = configuration[StorageRegistration.ToKey(SettingNames.ServiceBusClientId)];
            TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            services.AddSingleton(new ServiceBusSender(ns, credential));
            services.AddSingleton<IQueueSender, ServiceBusQueueSender>();
        }
        else
        {
            services.AddSingleton<IQueueSender, StorageQueueSender>();
        }
        return services;
    }
}

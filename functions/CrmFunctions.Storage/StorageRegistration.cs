using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// The storage settings, checked when the app starts (a missing or contradictory setting stops it, named),
    /// and one client per storage service built from them with Microsoft.Extensions.Azure.
    /// </summary>
    public static IServiceCollection AddCrmStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageSettings>()
            .Configure(settings => Copy(StorageSettings.From(configuration), settings))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageSettings>>(new SettingsValidator<StorageSettings>(s => s.Problems()));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
                    Settings(provider).CreateTableServiceClient(StorageClientOptions.Apply(options), credential))
                .WithCredential(Credential);
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, provider) =>
                    Settings(provider).CreateBlobServiceClient(StorageClientOptions.Apply(options), credential))
                .WithCredential(Credential);
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) =>
                    Settings(provider).CreateQueueServiceClient(StorageClientOptions.Apply(options), credential))
                .WithCredential(Credential);
        });
        services.AddSingleton(provider => new StorageServices(
            provider.GetRequiredService<TableServiceClient>(),
            provider.GetRequiredService<BlobServiceClient>(),
            provider.GetRequiredService<QueueServiceClient>()));
        return services;
    }

    private static StorageSettings Settings(IServiceProvider provider) => provider.GetRequiredService<IOptions<StorageSettings>>().Value;

    private static Azure.Core.TokenCredential Credential(IServiceProvider provider) => AzureCredentials.For(Settings(provider).ClientId);

    private static void Copy(StorageSettings from, StorageSettings to)
    {
        to.ConnectionString = from.ConnectionString;
        to.AccountName = from.AccountName;
        to.ClientId = from.ClientId;
    }
}

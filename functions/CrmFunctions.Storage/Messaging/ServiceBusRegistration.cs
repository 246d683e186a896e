using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Storage;

public static class ServiceBusRegistration
{
    /// <summary>
    /// The Service Bus settings, checked at start (required in Functions mode), and, when a namespace is set, the
    /// client that sends to its queues and the administration client that counts and resubmits their messages.
    /// </summary>
    public static IServiceCollection AddCrmServiceBus(this IServiceCollection services, IConfiguration configuration, bool required)
    {
        var settings = ServiceBusSettings.From(configuration, required);
        services.AddOptions<ServiceBusSettings>()
            .Configure(s =>
            {
                s.FullyQualifiedNamespace = settings.FullyQualifiedNamespace;
                s.ClientId = settings.ClientId;
                s.Required = settings.Required;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceBusSettings>>(new SettingsValidator<ServiceBusSettings>(s => s.Problems()));
        if (!settings.IsConfigured)
            return services;
        services.AddAzureClients(clients =>
        {
            clients.AddClient<ServiceBusClient, ServiceBusClientOptions>((options, credential, provider) =>
                    Settings(provider).CreateClient(options, credential))
                .WithCredential(provider => AzureCredentials.For(Settings(provider).ClientId));
            clients.AddClient<ServiceBusAdministrationClient, ServiceBusAdministrationClientOptions>((options, credential, provider) =>
                    Settings(provider).CreateAdministrationClient(options, credential))
                .WithCredential(provider => AzureCredentials.For(Settings(provider).ClientId));
        });
        return services;
    }

    private static ServiceBusSettings Settings(IServiceProvider provider) => provider.GetRequiredService<IOptions<ServiceBusSettings>>().Value;
}

using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using CrmFunctions.Core.Contracts;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Storage;

/// <summary>
/// The Service Bus namespace the Functions host's queue triggers listen on, reached with a managed identity
/// (<c>ServiceBusConnection__fullyQualifiedNamespace</c>, <c>ServiceBusConnection__clientId</c>: the host reads
/// the same pair for its triggers).
/// </summary>
public sealed partial class ServiceBusSettings
{
    public string? FullyQualifiedNamespace { get; set; }
    public string? ClientId { get; set; }

    /// <summary>In Functions mode the pipeline's triggers are on Service Bus: a message sent anywhere else would wait forever.</summary>
    public bool Required { get; set; }

    public bool IsConfigured => FullyQualifiedNamespace is not null;

    public static ServiceBusSettings From(IConfiguration configuration, bool required) => new()
    {
        FullyQualifiedNamespace = SettingKeys.Read(configuration, SettingNames.ServiceBusNamespace),
        ClientId = SettingKeys.Read(configuration, SettingNames.ServiceBusClientId),
        Required = required,
    };

    public ServiceBusClient CreateClient(ServiceBusClientOptions? options = null, TokenCredential? credential = null) =>
        new(FullyQualifiedNamespace, credential ?? AzureCredentials.For(ClientId), options ?? new ServiceBusClientOptions());

    public ServiceBusAdministrationClient CreateAdministrationClient(ServiceBusAdministrationClientOptions? options = null,
        TokenCredential? credential = null) =>
        new(FullyQualifiedNamespace, credential ?? AzureCredentials.For(ClientId), options ?? new ServiceBusAdministrationClientOptions());

    public IEnumerable<string> Problems()
    {
        if (FullyQualifiedNamespace is null)
        {
            if (Required)
                yield return $"{SettingNames.ServiceBusNamespace} is not set: in Functions mode the pipeline's queue triggers listen on " +
                             "Service Bus, so the intake must send there (e.g. crm-prod-sb.servicebus.windows.net).";
            if (ClientId is not null)
                yield return $"{SettingNames.ServiceBusClientId} is set without {SettingNames.ServiceBusNamespace}.";
            yield break;
        }
        if (!HostNamePattern().IsMatch(FullyQualifiedNamespace))
            yield return $"{SettingNames.ServiceBusNamespace} must be the namespace's host name (e.g. crm-prod-sb.servicebus.windows.net), " +
                         "not a URL or a connection string.";
        if (ClientId is not null && !Guid.TryParse(ClientId, out _))
            yield return $"{SettingNames.ServiceBusClientId} must be the client id (a GUID) of a user-assigned managed identity.";
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$")]
    private static partial Regex HostNamePattern();
}

using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>
/// Sends messages to Service Bus queues over its REST API ("Send Message": POST {namespace}/{queue}/messages),
/// with a Microsoft Entra token: the HTTP functions of the custom handler have no Service Bus output
/// binding (an HTTP function has exactly one http in and out), and the Service Bus SDK is not used here.
/// </summary>
public class ServiceBusSender
{
    public const string Scope = "https://servicebus.azure.net/.default";
    private const string ApiVersion = "2021-05";
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    /// <summary>For mocking.</summary>
    protected ServiceBusSender()
    {
        _pipeline = null!;
        _endpoint = null!;
    }

    /// <param name="fullyQualifiedNamespace">e.g. "crm-dev.servicebus.windows.net" (or a full https:// URI).</param>
    public ServiceBusSender(string fullyQualifiedNamespace, TokenCredential credential, StorageClientOptions? options = null)
        : this(ToEndpoint(fullyQualifiedNamespace),
            HttpPipelineBuilder.Build(options ?? new StorageClientOptions(), [], [new BearerTokenAuthenticationPolicy(credential, Scope)],
                new ResponseClassifier()))
    {
    }

    internal ServiceBusSender(Uri endpoint, HttpPipeline pipeline)
    {
        _endpoint = endpoint;
        _pipeline = pipeline;
    }

    public Uri Endpoint => _endpoint;

    /// <param name="messageId">Set it so the queue's duplicate detection drops a resend of the same message.</param>
    public virtual async Task SendAsync(string queueName, string body, string? messageId = null, string contentType = "application/json",
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        var uri = new RequestUriBuilder();
        uri.Reset(_endpoint);
        uri.AppendPath(queueName, escape: true);
        uri.AppendPath("/messages", escape: false);
        uri.AppendQuery("api-version", ApiVersion);
        request.Uri = uri;
        var broker = new Dictionary<string, string> { ["ContentType"] = contentType };
        if (messageId is not null)
            broker["MessageId"] = messageId;
        request.Headers.SetValue("BrokerProperties", JsonSerializer.Serialize(broker));
        request.Headers.SetValue("Content-Type", contentType);
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status is not (200 or 201))
            throw StorageErrors.Create(message.Response, $"Sending to Service Bus queue {queueName}");
    }

    private static Uri ToEndpoint(string fullyQualifiedNamespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullyQualifiedNamespace);
        var text = fullyQualifiedNamespace.Contains("://", StringComparison.Ordinal) ? fullyQualifiedNamespace : "https://" + fullyQualifiedNamespace;
        return new Uri(text.TrimEnd('/') + "/");
    }
}

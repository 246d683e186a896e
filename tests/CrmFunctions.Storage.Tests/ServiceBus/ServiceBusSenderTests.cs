using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using CrmFunctions.Storage.Tests.Unit;
using Moq;

namespace CrmFunctions.Storage.Tests.ServiceBus;

/// <summary>What goes over the wire to Service Bus when the intake sends a message in Azure.</summary>
public sealed class ServiceBusSenderTests
{
    [Fact]
    public async Task Message_is_posted_to_the_queue_with_an_entra_token_its_message_id_and_the_body_unchanged()
    {
        var handler = new RecordingHandler(RecordingHandler.Status(HttpStatusCode.Created));
        var sender = new ServiceBusSender("crm-dev.servicebus.windows.net", Credential(), Options(handler));

        await sender.SendAsync("contacts-normalize", """{"ingestionId":"i-1","index":0}""", "i-1-0");

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://crm-dev.servicebus.windows.net/contacts-normalize/messages", request.RequestUri!.GetLeftPart(UriPartial.Path));
        Assert.Contains("api-version=", request.RequestUri.Query);
        Assert.Equal("Bearer sb-token", request.Headers.Authorization?.ToString());
        var broker = JsonNode.Parse(request.Headers.GetValues("BrokerProperties").Single())!;
        Assert.Equal("i-1-0", (string?)broker["MessageId"]);
        Assert.Equal("""{"ingestionId":"i-1","index":0}""", handler.Bodies.Single());
    }

    [Fact]
    public async Task Refused_send_surfaces_as_a_request_failed_exception_with_the_status()
    {
        var handler = new RecordingHandler(RecordingHandler.Status(HttpStatusCode.Unauthorized,
            "<Error><Code>401</Code><Detail>Unauthorized access. 'Send' claim(s) are required to perform this operation.</Detail></Error>",
            "application/xml"));
        var sender = new ServiceBusSender("crm-dev.servicebus.windows.net", Credential(), Options(handler));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => sender.SendAsync("contacts-normalize", "{}", "m-1"));

        Assert.Equal(401, error.Status);
        Assert.Contains("contacts-normalize", error.Message);
    }

    private static TokenCredential Credential()
    {
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.Is<TokenRequestContext>(r => r.Scopes.Contains(ServiceBusSender.Scope)), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken("sb-token", DateTimeOffset.UtcNow.AddHours(1)));
        return credential.Object;
    }

    private static StorageClientOptions Options(RecordingHandler handler) => new()
    {
        Transport = new HttpClientTransport(new HttpClient(handler)),
        Retry = { MaxRetries = 0 },
    };
}

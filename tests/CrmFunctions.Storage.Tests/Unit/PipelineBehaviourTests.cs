using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Moq;

namespace CrmFunctions.Storage.Tests.Unit;

/// <summary>Retries, authentication and error reporting, with the network replaced by canned answers.</summary>
public class PipelineBehaviourTests
{
    private const string ConnectionString =
        "DefaultEndpointsProtocol=https;AccountName=crmprod;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static StorageClientOptions OptionsFor(RecordingHandler handler)
    {
        var options = new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return options;
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task A_transient_failure_is_retried_and_every_attempt_is_signed(HttpStatusCode transient)
    {
        var handler = new RecordingHandler(RecordingHandler.Status(transient), RecordingHandler.Status(HttpStatusCode.Created));
        var queue = new StorageServices(StorageAccount.Parse(ConnectionString), OptionsFor(handler)).GetQueueClient("contacts-normalize");

        Assert.True(await queue.CreateIfNotExistsAsync());

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.StartsWith("SharedKey crmprod:", r.Headers.Authorization?.ToString()));
        Assert.All(handler.Requests, r => Assert.True(r.Headers.Contains("x-ms-date")));
    }

    [Fact]
    public async Task A_conflict_is_not_retried_and_surfaces_with_its_error_code()
    {
        var handler = new RecordingHandler(
            RecordingHandler.Status(HttpStatusCode.Conflict, "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"The specified entity already exists.\\nRequestId:1\"}}}"));
        var table = new StorageServices(StorageAccount.Parse(ConnectionString), OptionsFor(handler)).GetTableClient("Contacts");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Single(handler.Requests);
        Assert.Equal((409, "EntityAlreadyExists"), (error.Status, error.ErrorCode));
        Assert.Contains("The specified entity already exists.", error.Message);
        Assert.DoesNotContain("RequestId", error.Message);
    }

    [Fact]
    public async Task Xml_error_bodies_give_the_error_code_when_no_header_does()
    {
        var handler = new RecordingHandler(RecordingHandler.Status(HttpStatusCode.Forbidden,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationFailure</Code><Message>This request is not authorized.</Message></Error>",
            "application/xml"));
        var container = new StorageServices(StorageAccount.Parse(ConnectionString), OptionsFor(handler)).GetBlobContainerClient("raw");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => container.DownloadAsync("a.json"));

        Assert.Equal((403, "AuthorizationFailure"), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task A_token_credential_sends_a_storage_scoped_bearer_token_and_no_shared_key()
    {
        var credential = new Mock<TokenCredential>();
        credential
            .Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken("token-123", DateTimeOffset.UtcNow.AddHours(1)));
        var handler = new RecordingHandler(RecordingHandler.Status(HttpStatusCode.OK, "{\"value\":[]}"));
        var services = new StorageServices(StorageAccount.FromTokenCredential("crmprod", credential.Object), OptionsFor(handler));

        var rows = await services.GetTableClient("Contacts").QueryAsync().ToListAsync();

        Assert.Empty(rows);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer token-123", request.Headers.Authorization?.ToString());
        Assert.Equal("https://crmprod.table.core.windows.net/Contacts()", request.RequestUri!.GetLeftPart(UriPartial.Path));
        credential.Verify(c => c.GetTokenAsync(
            It.Is<TokenRequestContext>(t => t.Scopes.SequenceEqual(new[] { "https://storage.azure.com/.default" })),
            It.IsAny<CancellationToken>()));
    }
}

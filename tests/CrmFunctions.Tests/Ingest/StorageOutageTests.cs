using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Moq;

namespace CrmFunctions.Tests.Ingest;

/// <summary>When queuing fails after the archive, the client gets a 503 and its retry is safe.</summary>
public sealed class StorageOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Queue_outage_after_archiving_answers_503_and_the_retry_with_the_same_key_completes_once()
    {
        var real = azurite.CreateServices();
        var queueDown = true;
        var storage = new Mock<StorageServices>(MockBehavior.Loose) { CallBase = false };
        storage.Setup(s => s.Tables).Returns(real.Tables);
        storage.Setup(s => s.Blobs).Returns(real.Blobs);
        storage.Setup(s => s.Queues).Returns(real.Queues);
        storage.Setup(s => s.GetTableClient(It.IsAny<string>())).Returns<string>(real.GetTableClient);
        storage.Setup(s => s.GetBlobContainerClient(It.IsAny<string>())).Returns<string>(real.GetBlobContainerClient);
        storage.Setup(s => s.GetQueueClient(It.IsAny<string>())).Returns<string>(name =>
        {
            if (!queueDown)
                return real.GetQueueClient(name);
            var failing = new Mock<QueueClient>();
            var busy = new RequestFailedException(503, "Server busy", "ServerBusy", null);
            failing.Setup(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<TimeSpan?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
                .ThrowsAsync(busy);
            failing.Setup(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(busy);
            failing.Setup(q => q.Name).Returns(name);
            return failing.Object;
        });
        await using var factory = new CrmAppFactory(azurite)
        {
            ConfigureServices = services =>
            {
                services.RemoveAll<StorageServices>();
                services.AddSingleton(storage.Object);
            },
        };
        await real.GetQueueClient(QueueNames.ContactsNormalize).CreateIfNotExistsAsync();
        using var client = factory.CreateClient();
        var key = "outage-" + Guid.NewGuid().ToString("N");

        var failed = await client.SendAsync(Post(key));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(failed.Headers.RetryAfter);
        var ingestionId = (string)(await failed.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
        var archived = await real.GetBlobContainerClient(ContainerNames.Raw).GetBlobsAsync(BlobTraits.None, BlobStates.None, "contacts/", CancellationToken.None).ToListAsync();
        Assert.Contains(archived, b => b.Name.EndsWith(ingestionId + ".json", StringComparison.Ordinal));

        var status = (await client.GetFromJsonAsync<JsonObject>($"/api/ingestions/{ingestionId}"))!;
        Assert.Equal("incomplete", (string?)status["status"]);

        queueDown = false;
        var retried = await client.SendAsync(Post(key));

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var receipt = (await retried.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(ingestionId, (string?)receipt["ingestionId"]);
        Assert.False((bool)receipt["replay"]!);
        var queued = await real.GetQueueClient(QueueNames.ContactsNormalize).PeekAsync(32);
        Assert.Single(queued, m => (string?)JsonNode.Parse(m.MessageText)!["ingestionId"] == ingestionId);
        status = (await client.GetFromJsonAsync<JsonObject>($"/api/ingestions/{ingestionId}"))!;
        Assert.Equal("queued", (string?)status["status"]);
    }

    private static HttpRequestMessage Post(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/contacts")
        {
            Content = Signing.Json("""{"familyName":"Martin","emails":["p.martin@example.fr"]}"""),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;
using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public class SecretsInLogsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Request_logs_carry_neither_the_signature_the_key_nor_bodies()
    {
        var logged = new ConcurrentQueue<string>();
        using var listener = new AzureEventSourceListener((e, message) => logged.Enqueue(message), EventLevel.Verbose);
        var container = azurite.CreateServices().GetBlobContainerClient(azurite.UniqueName("logs"));
        await container.CreateIfNotExistsAsync();
        const string GuestEmail = "zoe.oneil@example.com";

        await container.UploadAsync("guest.json", BinaryData.FromString($"{{\"email\":\"{GuestEmail}\"}}"));
        await container.DownloadAsync("guest.json");

        var text = string.Join('\n', logged);
        Assert.Contains("guest.json", text); // the pipeline did log these requests
        Assert.DoesNotContain("SharedKey devstoreaccount1:", text);
        Assert.DoesNotContain(AzuriteFixture.AzuriteAccountKey[..16], text);
        Assert.DoesNotContain(GuestEmail, text);
    }
}

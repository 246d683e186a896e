using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Privacy;
using CrmFunctions.Privacy;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmFunctions.Tests.Privacy;

/// <summary>An erasure that stops half-way (here: the queue sweep fails once, after the tables and the archive were done) is finished by the next delivery.</summary>
public sealed class ErasureResumeTests(AzuriteFixture azurite) : AppTest(azurite, factory =>
{
    CrmAppFactory.RunPipelineInOrder(factory);
    factory.Settings["Runner:RetryDelaySeconds"] = "0.2";
    factory.ConfigureServices = services => services.Replace(ServiceDescriptor.Singleton<IQueueSweeper>(sp =>
        new FailsOnce(ActivatorUtilities.CreateInstance<StorageQueueSweeper>(sp))));
})
{
    private sealed class FailsOnce(IQueueSweeper inner) : IQueueSweeper
    {
        private int calls;

        public Task<int> SweepAsync(GuestIdentity identity, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref calls) == 1 ? throw new IOException("worker stopped") : inner.SweepAsync(identity, cancellationToken);
    }

    [Fact]
    public async Task The_next_delivery_finishes_what_a_failed_one_began_and_the_status_shows_both_attempts()
    {
        var probe = new PipelineProbe(Azurite, Factory.Logs, TimeSpan.FromSeconds(60));
        var tag = Guid.NewGuid().ToString("N")[..10];
        var email = $"paul.{tag}@example.fr";
        var posted = await Client.PostAsync("/api/contacts", Signing.Json(
            $$"""{"source":"pms","contacts":[{"givenName":"Paul","familyName":"Rivet{{tag[..4]}}","emails":["{{email}}"]}]}"""));
        var ingestionId = (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
        await probe.WaitPlacedAsync("pms", ingestionId, 1);

        var accepted = await Client.PostAsJsonAsync("/api/privacy/erasures", new { email });
        var statusUrl = (string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["statusUrl"]!;
        JsonObject status = [];
        await probe.WaitUntilAsync(async () => (string?)(status = (await Client.GetFromJsonAsync<JsonObject>(statusUrl))!)["status"] == "completed");

        Assert.Equal(2, (int)status["attempts"]!);
        Assert.Null(status["error"]);
        // The first attempt's counts stand: the second found those rows gone and added nothing to them.
        Assert.Equal(1, (int)status["counts"]![TableNames.ContactSources]! + (int)status["counts"]!["raw"]!);
        Assert.True((int)status["counts"]![TableNames.Contacts]! > 0);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/privacy/guests?email=" + Uri.EscapeDataString(email))).StatusCode);
        var blobs = Azurite.CreateServices().GetBlobContainerClient(ContainerNames.Raw).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "contacts/", CancellationToken.None);
        Assert.DoesNotContain(await blobs.ToListAsync(), b => b.Name.Contains(ingestionId, StringComparison.Ordinal));
    }
}

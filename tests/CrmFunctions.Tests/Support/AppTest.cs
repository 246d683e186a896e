using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Support;

/// <summary>A test class running the app against its own Azurite: the factory is configured first, then the client is made.</summary>
public abstract class AppTest : IClassFixture<AzuriteFixture>, IDisposable
{
    protected AppTest(AzuriteFixture azurite, Action<CrmAppFactory>? configure = null)
    {
        Azurite = azurite;
        Factory = new CrmAppFactory(azurite);
        configure?.Invoke(Factory);
        Client = Factory.CreateClient();
    }

    protected AzuriteFixture Azurite { get; }

    protected CrmAppFactory Factory { get; }

    protected HttpClient Client { get; }

    /// <summary>GET /api/golden-records/{id}: the guest with members, profile, linked answers and merge log (asserts 200).</summary>
    protected async Task<JsonObject> GoldenAsync(string contactId)
    {
        var response = await Client.GetAsync($"/api/golden-records/{contactId}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET golden record {contactId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

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

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

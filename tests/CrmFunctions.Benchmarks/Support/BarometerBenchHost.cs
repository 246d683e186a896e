using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;
using CrmFunctions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmFunctions.Benchmarks.Support;

/// <summary>
/// One in-memory Azurite with every table and queue created, and the barometer services the app registers bound to
/// it: what the barometer benches start from.
/// </summary>
internal sealed class BarometerBenchHost : IAsyncDisposable
{
    /// <summary>Privacy__KeySecret of the benches' apps.</summary>
    public const string BenchSecret = "bench-guest-key-secret-0123456789abcdef";

    private BarometerBenchHost(AzuriteFixture azurite, ServiceProvider services)
    {
        Azurite = azurite;
        Services = services;
        Storage = services.GetRequiredService<StorageServices>();
    }

    public AzuriteFixture Azurite { get; }
    public ServiceProvider Services { get; }
    public StorageServices Storage { get; }

    public static async Task<BarometerBenchHost> StartAsync()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CrmStorage"] = azurite.ConnectionString,
                ["Privacy:KeySecret"] = BenchSecret,
            }).Build();
        var host = new BarometerBenchHost(azurite, BarometersCommand.BuildServices(configuration));
        foreach (var table in TableNames.All)
            await host.Storage.GetTableClient(table).CreateIfNotExistsAsync();
        foreach (var queue in QueueNames.All)
            await host.Storage.GetQueueClient(queue).CreateIfNotExistsAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

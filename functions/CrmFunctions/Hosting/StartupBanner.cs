using CrmFunctions.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CrmFunctions.Hosting;

/// <summary>Tells a local user where things are once the app listens: URL, OpenAPI, storage endpoints, functions.</summary>
public sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, StorageServices storage, FunctionRegistry registry)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://localhost:{HostingMode.StandalonePort}";
        Console.WriteLine($"""

            CrmFunctions is running (standalone mode)
              API        {url}/api
              OpenAPI    {url}/api/openapi/v1.json
              Dashboard  {url}/api/dashboard
              Storage    account {storage.Blobs.AccountName}
                         blobs  {storage.Blobs.Uri}
                         queues {storage.Queues.Uri}
                         tables {storage.Tables.Uri}
              Functions  {string.Join(", ", registry.Functions.Select(f => f.Name))}
            Press Ctrl+C to stop.

            """);
    }
}

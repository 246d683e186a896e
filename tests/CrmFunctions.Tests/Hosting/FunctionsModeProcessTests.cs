using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Hosting;

/// <summary>
/// The handler started as the Functions host starts it: FUNCTIONS_CUSTOMHANDLER_PORT set, an inherited
/// ASPNETCORE_URLS that must not win, polled on GET / until it answers, then called on 127.0.0.1.
/// </summary>
public sealed class FunctionsModeProcessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Handler_listens_only_on_the_host_port_answers_readiness_and_serves_api_routes_without_the_local_runner()
    {
        var port = FreePort();
        var inheritedPort = FreePort();
        var storage = azurite.CreateServices();
        await storage.GetQueueClient(QueueNames.ContactsNormalize).CreateIfNotExistsAsync();
        await storage.GetBlobContainerClient(ContainerNames.Raw).CreateIfNotExistsAsync();
        foreach (var table in TableNames.All)
            await storage.GetTableClient(table).CreateIfNotExistsAsync();

        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "CrmFunctions.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{inheritedPort}";
        start.Environment["CrmStorage"] = azurite.ConnectionString;
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.True(await WaitUntilReadyAsync(http, TimeSpan.FromSeconds(30)), "the handler never answered GET /");

            var response = await http.PostAsync("/api/contacts", Signing.Json("""{"familyName":"Keller","emails":["a.keller@example.ch"]}"""));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var ingestionId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;

            // No local runner in Functions mode: the message waits for the host's Service Bus trigger.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var queued = await storage.GetQueueClient(QueueNames.ContactsNormalize).PeekMessagesAsync(32);
            Assert.Contains(queued, m => m.MessageText.Contains(ingestionId, StringComparison.Ordinal));
            Assert.False(await AcceptsConnectionsAsync(inheritedPort), "ASPNETCORE_URLS must not open a second listener");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> WaitUntilReadyAsync(HttpClient http, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("/");
                return true;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(25);
            }
        }
        return false;
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;

namespace CrmFunctions.Tests.Hosting;

/// <summary>
/// The handler started as the Functions host starts it: FUNCTIONS_CUSTOMHANDLER_PORT set, app settings as environment
/// variables, an inherited ASPNETCORE_URLS that must not win, polled on GET / until it answers, then called on 127.0.0.1.
/// </summary>
public sealed class FunctionsModeProcessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Namespace = "crm-test-sb.servicebus.windows.net";

    [Fact]
    public async Task Handler_listens_only_on_the_host_port_answers_readiness_and_serves_api_routes_without_the_local_runner()
    {
        var port = FreePort();
        var inheritedPort = FreePort();
        var storage = azurite.CreateServices();
        var queue = storage.GetQueueClient(QueueNames.ContactsNormalize);
        await queue.CreateIfNotExistsAsync();
        foreach (var table in TableNames.All)
            await storage.GetTableClient(table).CreateIfNotExistsAsync();
        var waiting = "{\"ingestionId\":\"functions-mode-" + Guid.NewGuid().ToString("N") + "\"}";
        await queue.SendMessageAsync(waiting);

        using var handler = Start(port, new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{inheritedPort}",
            ["CrmStorage"] = azurite.ConnectionString,
            ["ServiceBusConnection__fullyQualifiedNamespace"] = Namespace,
            ["Privacy__KeySecret"] = CrmAppFactory.GuestKeySecret,
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.True(await WaitUntilReadyAsync(http, handler.Process, TimeSpan.FromSeconds(30)), "the handler never answered GET /: " + handler.Errors);

            var unknown = await http.GetAsync("/api/ingestions/20260101000000000-000000000000");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

            // No local runner in Functions mode: the host's Service Bus triggers do that work, so a Storage queue stays as it is.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Contains(await queue.PeekAsync(32), m => m.MessageText == waiting);
            Assert.False(await AcceptsConnectionsAsync(inheritedPort), "ASPNETCORE_URLS must not open a second listener");
        }
        finally
        {
            handler.Process.Kill(entireProcessTree: true);
            await handler.Process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Without_a_storage_setting_the_handler_stops_at_start_and_names_the_setting()
    {
        var (exitCode, errors) = await RunUntilExitAsync(new() { ["ServiceBusConnection__fullyQualifiedNamespace"] = Namespace });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("CrmStorage", errors, StringComparison.Ordinal);
        Assert.Contains("CrmStorage__accountName", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_service_bus_namespace_the_handler_stops_at_start_and_names_the_setting()
    {
        var (exitCode, errors) = await RunUntilExitAsync(new() { ["CrmStorage"] = azurite.ConnectionString });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ServiceBusConnection__fullyQualifiedNamespace", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("CrmStorage", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_guest_key_secret_the_handler_stops_at_start_and_names_the_setting()
    {
        var (exitCode, errors) = await RunUntilExitAsync(new()
        {
            ["CrmStorage"] = azurite.ConnectionString,
            ["ServiceBusConnection__fullyQualifiedNamespace"] = Namespace,
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Configuration error: Setting Privacy__KeySecret is not set", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contradictory_storage_settings_stop_the_handler_and_name_both()
    {
        var (exitCode, errors) = await RunUntilExitAsync(new()
        {
            ["CrmStorage"] = azurite.ConnectionString,
            ["CrmStorage__accountName"] = "crmprodst",
            ["ServiceBusConnection__fullyQualifiedNamespace"] = Namespace,
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("CrmStorage and CrmStorage__accountName are both set", errors, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Errors)> RunUntilExitAsync(Dictionary<string, string> settings)
    {
        using var handler = Start(FreePort(), settings);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await handler.Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            handler.Process.Kill(entireProcessTree: true);
            Assert.Fail("the handler kept running with settings it cannot work with");
        }
        handler.Process.WaitForExit(); // drains the redirected output
        return (handler.Process.ExitCode, handler.Errors);
    }

    private sealed class Handler(Process process, StringBuilder errors) : IDisposable
    {
        public Process Process { get; } = process;
        public string Errors { get { lock (errors) return errors.ToString(); } }
        public void Dispose() => Process.Dispose();
    }

    /// <summary>Only the settings given: nothing storage- or Service-Bus-related leaks in from the test run's environment.</summary>
    private static Handler Start(int port, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "CrmFunctions.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CrmStorage", StringComparison.Ordinal)
                     || k.StartsWith("ServiceBusConnection", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        foreach (var (name, value) in settings)
            start.Environment[name] = value;
        var errors = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Handler(process, errors);
    }

    private static async Task<bool> WaitUntilReadyAsync(HttpClient http, Process process, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        while (DateTime.UtcNow < deadline && !process.HasExited)
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

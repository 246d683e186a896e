using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Packaging;

namespace CrmFunctions.Tests.Packaging;

/// <summary>The function.json files of the package, generated from the registry, are what the host needs to bind each function.</summary>
public sealed class FunctionJsonTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "crm-package-" + Guid.NewGuid().ToString("N"));
    private readonly FunctionRegistry _registry = new(FunctionCatalog.All);

    [Fact]
    public void Every_registered_function_gets_a_folder_with_its_function_json()
    {
        PackageBuilder.Build(_registry, _root, HostJsonPath(), zipPath: null);

        foreach (var function in _registry.Functions)
            Assert.True(File.Exists(Path.Combine(_root, function.Name, "function.json")), function.Name);
        Assert.True(File.Exists(Path.Combine(_root, "host.json")));
        Assert.Equal(_registry.Functions.Count, Directory.GetDirectories(_root).Length);
    }

    [Fact]
    public void Http_functions_bind_their_route_methods_and_auth_level()
    {
        PackageBuilder.WriteFunctionFolders(_registry, _root);

        foreach (var function in _registry.HttpFunctions)
        {
            var http = (HttpTrigger)function.Trigger;
            var bindings = ReadBindings(function.Name);
            var trigger = bindings.Single(b => (string?)b["type"] == "httpTrigger");
            Assert.Equal(http.Route, (string?)trigger["route"]);
            Assert.Equal(http.Methods.Select(m => m.ToLowerInvariant()), trigger["methods"]!.AsArray().Select(m => (string?)m));
            Assert.Equal(http.AuthLevel.ToString().ToLowerInvariant(), (string?)trigger["authLevel"]);
            Assert.Contains(bindings, b => (string?)b["type"] == "http" && (string?)b["direction"] == "out");
        }
        var contacts = ReadBindings("PostContacts").Single(b => (string?)b["type"] == "httpTrigger");
        Assert.Equal("contacts", (string?)contacts["route"]);
        Assert.Equal("function", (string?)contacts["authLevel"]);
    }

    [Fact]
    public void Queue_and_timer_functions_bind_service_bus_as_binary_and_schedules_from_settings()
    {
        var registry = new FunctionRegistry(FunctionCatalog.All.Concat(
        [
            FunctionDefinition.Queue<Support.EchoHandler>("Echo", QueueNames.ContactsNormalize, new QueueOutput("next", QueueNames.ContactsDedupe)),
            FunctionDefinition.Timer<Support.TimerReportHandler>("Tick", SettingNames.BarometersSchedule, "0 */15 * * * *"),
        ]));
        PackageBuilder.WriteFunctionFolders(registry, _root);

        var echo = ReadBindings("Echo");
        var trigger = echo.Single(b => (string?)b["direction"] == "in");
        Assert.Equal("serviceBusTrigger", (string?)trigger["type"]);
        Assert.Equal(QueueNames.ContactsNormalize, (string?)trigger["queueName"]);
        Assert.Equal("binary", (string?)trigger["dataType"]);
        Assert.Equal("ServiceBusConnection", (string?)trigger["connection"]);
        var output = echo.Single(b => (string?)b["direction"] == "out");
        Assert.Equal(("serviceBus", "next", QueueNames.ContactsDedupe, "binary"),
            ((string?)output["type"], (string?)output["name"], (string?)output["queueName"], (string?)output["dataType"]));

        var tick = ReadBindings("Tick").Single();
        Assert.Equal("timerTrigger", (string?)tick["type"]);
        Assert.Equal("%Barometers__Schedule%", (string?)tick["schedule"]);
        Assert.False((bool)tick["runOnStartup"]!);
    }

    [Fact]
    public void Every_registered_queue_function_binds_exactly_the_queues_of_the_registry()
    {
        PackageBuilder.WriteFunctionFolders(_registry, _root);

        foreach (var function in _registry.Functions.Where(f => f.Trigger is not HttpTrigger))
        {
            var bindings = ReadBindings(function.Name);
            var expected = function.Outputs.Select(o => o.QueueName)
                .Concat(function.Trigger is QueueTrigger q ? [q.QueueName] : []).Order();
            Assert.Equal(expected, bindings.Where(b => b["queueName"] is not null).Select(b => (string)b["queueName"]!).Order());
            Assert.All(bindings.Where(b => b["queueName"] is not null), b => Assert.Equal("binary", (string?)b["dataType"]));
        }
    }

    [Fact]
    public void Host_json_runs_the_handler_as_a_custom_handler_with_the_service_bus_bundle()
    {
        var host = JsonNode.Parse(File.ReadAllText(HostJsonPath()))!;
        Assert.Equal("handler/CrmFunctions", (string?)host["customHandler"]!["description"]!["defaultExecutablePath"]);
        Assert.True((bool)host["customHandler"]!["enableProxyingHttpRequest"]!);
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", (string?)host["extensionBundle"]!["id"]);
        Assert.Equal("[4.*, 5.0.0)", (string?)host["extensionBundle"]!["version"]);
    }

    private List<JsonNode> ReadBindings(string function) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(_root, function, "function.json")))!["bindings"]!.AsArray().Select(b => b!).ToList();

    private static string HostJsonPath() => Path.Combine(AppContext.BaseDirectory, "host.json");

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}

using System.Text.Json.Nodes;
using CrmFunctions.Hosting;

namespace CrmFunctions.Packaging;

/// <summary>Builds each function's function.json from the registry: the deployment package never holds a hand-kept copy.</summary>
public static class FunctionJson
{
    /// <summary>The app setting holding the Service Bus connection (identity-based: ServiceBusConnection__fullyQualifiedNamespace).</summary>
    public const string ServiceBusConnection = "ServiceBusConnection";

    public static JsonObject Build(FunctionDefinition function)
    {
        var bindings = new JsonArray();
        switch (function.Trigger)
        {
            case HttpTrigger http:
                bindings.Add(new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = http.BindingName,
                    ["authLevel"] = http.AuthLevel.ToString().ToLowerInvariant(),
                    ["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode)m.ToLowerInvariant()).ToArray()),
                    ["route"] = http.Route,
                });
                bindings.Add(new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" });
                break;
            case QueueTrigger queue:
                // Binary keeps the body byte-exact: it arrives once-encoded as base64 instead of re-encoded JSON text.
                bindings.Add(new JsonObject
                {
                    ["type"] = "serviceBusTrigger",
                    ["direction"] = "in",
                    ["name"] = queue.BindingName,
                    ["queueName"] = queue.QueueName,
                    ["connection"] = ServiceBusConnection,
                    ["dataType"] = "binary",
                });
                break;
            case TimerTrigger timer:
                // runOnStartup would fire on every scale-out; the monitor keeps schedules across restarts.
                bindings.Add(new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = timer.BindingName,
                    ["schedule"] = $"%{timer.ScheduleSetting}%",
                    ["runOnStartup"] = false,
                    ["useMonitor"] = true,
                });
                break;
        }
        foreach (var output in function.Outputs)
        {
            bindings.Add(new JsonObject
            {
                ["type"] = "serviceBus",
                ["direction"] = "out",
                ["name"] = output.BindingName,
                ["queueName"] = output.QueueName,
                ["connection"] = ServiceBusConnection,
                ["dataType"] = "binary",
            });
        }
        return new JsonObject { ["bindings"] = bindings };
    }
}

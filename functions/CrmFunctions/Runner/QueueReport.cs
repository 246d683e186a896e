using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Storage;

namespace CrmFunctions.Runner;

/// <summary>
/// The "queues" verb. Without a Service Bus namespace configured, the Storage queues the local runner reads and their
/// -poison twins; with one (Azure), the Service Bus queues with their active and dead-lettered counts.
/// <c>queues resubmit QUEUE [--max N]</c> moves poison or dead-lettered messages back onto their queue.
/// Messages are told by id and routing fields only: their bodies hold guest data and are never printed.
/// </summary>
public static class QueueReport
{
    public const string Usage = "usage: CrmFunctions queues [--peek N] | queues resubmit QUEUE [--max N]";

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var serviceBus = ServiceBusSettings.From(configuration, required: false);
        SettingsException.ThrowIfAny(serviceBus.Problems());
        var queues = new FunctionRegistry(FunctionCatalog.All).QueueNames.Concat(QueueNames.All).Distinct(StringComparer.Ordinal).ToList();
        if (args.FirstOrDefault() == "resubmit")
        {
            if (args.Length < 2 || !queues.Contains(args[1], StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"{Usage}\nQUEUE is one of: {string.Join(", ", queues)}");
                return 2;
            }
            var max = int.MaxValue;
            if (CommandLine.Option(args, "--max") is { } text && (!int.TryParse(text, out max) || max < 1))
            {
                await output.WriteLineAsync($"{Usage}\n--max takes a whole number of messages, at least 1.");
                return 2;
            }
            var moved = serviceBus.IsConfigured
                ? await ServiceBusQueues.ResubmitAsync(serviceBus, args[1], max, cancellationToken)
                : await StorageQueues.ResubmitAsync(CliContext.Storage(configuration), args[1], max, cancellationToken);
            await output.WriteLineAsync($"{moved} message(s) moved back to {args[1]}");
            return 0;
        }
        var peek = int.TryParse(CommandLine.Option(args, "--peek"), out var n) ? Math.Clamp(n, 0, 32) : 5;
        if (serviceBus.IsConfigured)
            await ServiceBusQueues.ReportAsync(serviceBus, queues, output, cancellationToken);
        else
            await StorageQueues.ReportAsync(CliContext.Storage(configuration), queues, peek, output, cancellationToken);
        return 0;
    }

    /// <summary>The routing fields of a message (ingestion, index, source, kind, error), never its guest data.</summary>
    public static string Describe(string text)
    {
        try
        {
            var node = JsonNode.Parse(text)?.AsObject();
            if (node is null)
                return "(empty)";
            var fields = new[] { "ingestionId", "index", "source", "kind", "function", "attempts", "error" }
                .Where(node.ContainsKey)
                .Select(k => $"{k}={node[k]?.ToJsonString().Trim('"')}");
            return string.Join(" ", fields);
        }
        catch (System.Text.Json.JsonException)
        {
            return $"(not JSON, {text.Length} characters)";
        }
    }
}

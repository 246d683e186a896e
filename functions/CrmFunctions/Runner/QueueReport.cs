using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Storage;

namespace CrmFunctions.Runner;

/// <summary>
/// The "queues" verb: message counts of every pipeline queue and its poison twin, and what the first
/// messages are about, by id only (message bodies hold guest data and are not printed).
/// </summary>
public static class QueueReport
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var storage = CliContext.Storage(CliContext.Configuration());
        var registry = new FunctionRegistry(FunctionCatalog.All);
        var peek = int.TryParse(CommandLine.Option(args, "--peek"), out var n) ? Math.Clamp(n, 0, 32) : 5;
        var queues = registry.QueueNames.Concat(QueueNames.All).Distinct(StringComparer.Ordinal).ToList();
        foreach (var queue in queues.Concat(queues.Select(QueueNames.Poison)))
        {
            var client = storage.GetQueueClient(queue);
            int count;
            try
            {
                count = await client.GetApproximateMessageCountAsync(cancellationToken);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                continue;
            }
            await output.WriteLineAsync($"{queue,-28} {count,6} message(s)");
            if (count == 0 || peek == 0)
                continue;
            foreach (var message in await client.PeekMessagesAsync(peek, cancellationToken))
                await output.WriteLineAsync("    " + Describe(message.MessageText));
        }
        return 0;
    }

    private static string Describe(string text)
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

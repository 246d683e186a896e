using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmFunctions.Hosting;

/// <summary>
/// Runs a queue or timer function from the host's invocation JSON and builds the host's answer.
/// Functions mode (POST /{FunctionName}) and the local trigger runner both come through here.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    public async Task<InvocationResponse> InvokeAsync(FunctionDefinition function, JsonElement payload, CancellationToken cancellationToken)
    {
        var context = InvocationPayload.Read(function, payload);
        await using var scope = scopes.CreateAsyncScope();
        var handler = (IFunctionHandler)scope.ServiceProvider.GetRequiredService(function.HandlerType!);
        using var _ = logger.BeginScope(new Dictionary<string, object?>
        {
            ["FunctionName"] = function.Name,
            ["MessageId"] = context.Metadata.MessageId,
            ["DeliveryCount"] = context.Metadata.DeliveryCount,
        });
        var result = await handler.RunAsync(context, cancellationToken);
        return InvocationResponse.From(function, result);
    }
}

/// <summary>The host's expected answer: Outputs keyed by binding name, Logs, ReturnValue.</summary>
public sealed record InvocationResponse(IReadOnlyDictionary<string, JsonNode?> Outputs, IReadOnlyList<string> Logs, JsonNode? ReturnValue)
{
    public static InvocationResponse From(FunctionDefinition function, FunctionResult result)
    {
        var outputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (binding, messages) in result.Outputs)
        {
            if (function.Outputs.All(o => o.BindingName != binding))
                throw new InvalidOperationException($"Function '{function.Name}' has no output binding '{binding}'.");
            // An array makes the Service Bus output send one message per element, each object as JSON text.
            outputs[binding] = new JsonArray(messages.Select(m => m.DeepClone()).ToArray());
        }
        return new InvocationResponse(outputs, result.Logs, null);
    }

    /// <summary>Messages of each output binding as the text that goes on the queue.</summary>
    public IEnumerable<(string Binding, string Text)> Messages() =>
        Outputs.SelectMany(o => o.Value is JsonArray array
            ? array.Select(m => (o.Key, MessageText(m)))
            : [(o.Key, MessageText(o.Value))]);

    private static string MessageText(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? "null";

    public static JsonSerializerOptions SerializerOptions { get; } = new() { PropertyNamingPolicy = null };
}

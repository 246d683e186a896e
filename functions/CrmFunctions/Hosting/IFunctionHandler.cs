using System.Text.Json.Nodes;

namespace CrmFunctions.Hosting;

/// <summary>A queue- or timer-triggered function. Throwing fails the invocation (the host retries, then dead-letters).</summary>
public interface IFunctionHandler
{
    Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken);
}

/// <summary>What one invocation received: the trigger payload decoded from the host's JSON.</summary>
public sealed record FunctionContext(
    FunctionDefinition Function,
    BinaryData? Message,
    TriggerMetadata Metadata,
    TimerInfo? Timer);

public sealed record TriggerMetadata(
    string? MessageId,
    int DeliveryCount,
    DateTimeOffset? EnqueuedTime,
    string? CorrelationId,
    string? ContentType,
    IReadOnlyDictionary<string, string> ApplicationProperties)
{
    public static TriggerMetadata Empty { get; } = new(null, 1, null, null, null, new Dictionary<string, string>());
}

public sealed record TimerInfo(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next);

/// <summary>Messages per output binding and log lines, returned to the host as Outputs and Logs.</summary>
public sealed class FunctionResult
{
    private readonly Dictionary<string, List<JsonNode>> _outputs = new(StringComparer.Ordinal);
    private readonly List<string> _logs = [];

    public IReadOnlyDictionary<string, List<JsonNode>> Outputs => _outputs;

    public IReadOnlyList<string> Logs => _logs;

    public static FunctionResult Empty => new();

    /// <summary>Queues one message on an output binding; objects travel as JSON text.</summary>
    public FunctionResult Send(string bindingName, JsonNode message)
    {
        if (!_outputs.TryGetValue(bindingName, out var list))
            _outputs[bindingName] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>A log line correlated with the invocation. Never put names, e-mails or phones here.</summary>
    public FunctionResult Log(string line)
    {
        _logs.Add(line);
        return this;
    }
}

using System.Text.Json.Nodes;
using CrmFunctions.Hosting;

namespace CrmFunctions.Tests.Support;

/// <summary>Forwards each message to its output with what the trigger metadata said, so tests can see both.</summary>
public sealed class EchoHandler : IFunctionHandler
{
    public Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var message = JsonNode.Parse(context.Message!.ToString())!.AsObject();
        message["seenDeliveryCount"] = context.Metadata.DeliveryCount;
        message["seenMessageId"] = context.Metadata.MessageId;
        return Task.FromResult(FunctionResult.Empty.Send("next", message).Log("echoed"));
    }
}

public sealed class AlwaysFailingHandler : IFunctionHandler
{
    public Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the downstream system refused the record");
}

/// <summary>A function that knows the message can never succeed.</summary>
public sealed class PermanentlyFailingHandler : IFunctionHandler
{
    public Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken) =>
        throw new PermanentFunctionFailureException("the provider refused the record for good");
}

public sealed class TimerReportHandler : IFunctionHandler
{
    public Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(FunctionResult.Empty.Send("report", new JsonObject
        {
            ["pastDue"] = context.Timer!.IsPastDue,
            ["next"] = context.Timer.Next,
        }));
}

/// <summary>Takes a while, so a test can stop the app while a message is in flight.</summary>
public sealed class SlowHandler : IFunctionHandler
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Duration, cancellationToken);
        return FunctionResult.Empty.Send("next", JsonNode.Parse(context.Message!.ToString())!);
    }
}

/// <summary>
/// Defers its message in steps of <see cref="Step"/> until the instant the message names in "due", then forwards it
/// with what the trigger metadata said: a message deferred more often than the runner's attempts.
/// </summary>
public sealed class DeferUntilDueHandler(TimeProvider clock) : IFunctionHandler
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    public Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var message = JsonNode.Parse(context.Message!.ToString())!.AsObject();
        var due = message["due"]!.GetValue<DateTimeOffset>();
        var now = clock.GetUtcNow();
        if (now < due)
            throw new DeferException("not due yet", now + Step < due ? now + Step : due);
        message["seenDeliveryCount"] = context.Metadata.DeliveryCount;
        message["handledAt"] = now;
        return Task.FromResult(FunctionResult.Empty.Send("next", message));
    }
}

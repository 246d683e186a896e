using System.Text.Json;
using CrmFunctions.Messaging;

namespace CrmFunctions.Hosting;

public static class InvocationEndpoints
{
    /// <summary>
    /// POST /{FunctionName} for every queue and timer function: the route the Functions host calls
    /// with its invocation JSON. A non-2xx answer fails the invocation, so Service Bus redelivers and
    /// finally dead-letters the message.
    /// </summary>
    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder app, FunctionRegistry registry)
    {
        foreach (var function in registry.Functions.Where(f => f.Trigger is not HttpTrigger))
        {
            app.MapPost("/" + function.Name, (HttpRequest request, FunctionInvoker invoker, IQueueSender queues, ILoggerFactory loggers, CancellationToken ct) =>
                    InvokeAsync(function, request, invoker, queues, loggers.CreateLogger("CrmFunctions.Invocations"), ct))
                .ExcludeFromDescription()
                .WithName("invoke-" + function.Name);
        }
        return app;
    }

    private static async Task<IResult> InvokeAsync(FunctionDefinition function, HttpRequest request, FunctionInvoker invoker,
        IQueueSender queues, ILogger logger, CancellationToken cancellationToken)
    {
        JsonElement payload;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            payload = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Failure(StatusCodes.Status400BadRequest, "The invocation body is not JSON.");
        }

        try
        {
            var response = await invoker.InvokeAsync(function, payload, cancellationToken);
            return Results.Json(response, InvocationResponse.SerializerOptions);
        }
        catch (InvalidInvocationException e)
        {
            return Failure(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (DeferException deferral) when (function.Trigger is QueueTrigger trigger)
        {
            return await DeferAsync(function, trigger, payload, deferral, queues, logger, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Function {FunctionName} failed", function.Name);
            return Failure(StatusCodes.Status500InternalServerError, $"{function.Name} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The host cannot hold a Service Bus message back (a failed invocation is redelivered at once and counts toward
    /// dead-lettering): the copy is scheduled on the same queue and the invocation succeeds, so the host completes this
    /// delivery. If the copy cannot be sent, the invocation fails and the message is redelivered as after any failure.
    /// </summary>
    private static async Task<IResult> DeferAsync(FunctionDefinition function, QueueTrigger trigger, JsonElement payload, DeferException deferral,
        IQueueSender queues, ILogger logger, CancellationToken cancellationToken)
    {
        var context = InvocationPayload.Read(function, payload);
        var copy = Deferral.CopyOf(context, deferral.Until);
        try
        {
            await queues.SendAsync(trigger.QueueName, [copy], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Function {FunctionName} could not defer message {MessageId}", function.Name, context.Metadata.MessageId);
            return Failure(StatusCodes.Status500InternalServerError, $"{function.Name} could not defer its message: {e.GetType().Name}: {e.Message}");
        }
        logger.LogInformation("{FunctionName} deferred message {MessageId} until {Until:O} as {CopyId}: {Reason}",
            function.Name, context.Metadata.MessageId, deferral.Until, copy.MessageId, deferral.Message);
        return Results.Json(new InvocationResponse(new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(),
            [$"deferred until {deferral.Until:O} as {copy.MessageId}: {deferral.Message}"], null), InvocationResponse.SerializerOptions);
    }

    private static IResult Failure(int status, string error) =>
        Results.Json(new InvocationResponse(new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(), [error], null),
            InvocationResponse.SerializerOptions, statusCode: status);
}

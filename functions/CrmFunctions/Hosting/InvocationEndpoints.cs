using System.Text.Json;

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
            app.MapPost("/" + function.Name, (HttpRequest request, FunctionInvoker invoker, ILoggerFactory loggers, CancellationToken ct) =>
                    InvokeAsync(function, request, invoker, loggers.CreateLogger("CrmFunctions.Invocations"), ct))
                .ExcludeFromDescription()
                .WithName("invoke-" + function.Name);
        }
        return app;
    }

    private static async Task<IResult> InvokeAsync(FunctionDefinition function, HttpRequest request, FunctionInvoker invoker,
        ILogger logger, CancellationToken cancellationToken)
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
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Function {FunctionName} failed", function.Name);
            return Failure(StatusCodes.Status500InternalServerError, $"{function.Name} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static IResult Failure(int status, string error) =>
        Results.Json(new InvocationResponse(new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(), [error], null),
            InvocationResponse.SerializerOptions, statusCode: status);
}

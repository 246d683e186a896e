namespace CrmFunctions.Hosting;

/// <summary>One function of the app: what triggers it and where its outputs go.</summary>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, IReadOnlyList<QueueOutput> Outputs)
{
    /// <summary>The type resolved from DI to run a queue or timer function; null for HTTP functions (served by endpoints).</summary>
    public Type? HandlerType { get; init; }

    public static FunctionDefinition Http(string name, string route, string[] methods, AuthLevel authLevel = AuthLevel.Function) =>
        new(name, new HttpTrigger(route, methods, authLevel), []);

    public static FunctionDefinition Queue<THandler>(string name, string queueName, params QueueOutput[] outputs)
        where THandler : IFunctionHandler =>
        new(name, new QueueTrigger(queueName), outputs) { HandlerType = typeof(THandler) };

    public static FunctionDefinition Timer<THandler>(string name, string scheduleSetting, string defaultSchedule, params QueueOutput[] outputs)
        where THandler : IFunctionHandler =>
        new(name, new TimerTrigger(scheduleSetting, defaultSchedule), outputs) { HandlerType = typeof(THandler) };
}

public enum AuthLevel { Anonymous, Function, Admin }

public abstract record FunctionTrigger(string BindingName);

/// <summary>Route relative to the "api" prefix, as in function.json ("contacts", "ingestions/{id}").</summary>
public sealed record HttpTrigger(string Route, IReadOnlyList<string> Methods, AuthLevel AuthLevel) : FunctionTrigger("req");

public sealed record QueueTrigger(string QueueName) : FunctionTrigger("msg");

/// <summary>NCRONTAB with seconds, read from an app setting so operators can change it without a deployment.</summary>
public sealed record TimerTrigger(string ScheduleSetting, string DefaultSchedule) : FunctionTrigger("timer");

/// <summary>A Service Bus output (Azure) / Storage queue (local): binding name as the handler's Outputs key.</summary>
public sealed record QueueOutput(string BindingName, string QueueName);

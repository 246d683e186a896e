using CrmFunctions.Hosting;
using CrmFunctions.Storage;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Runner;

/// <summary>
/// Standalone mode's stand-in for the Functions host's triggers: one pump per queue function,
/// one per timer function, all through the same <see cref="FunctionInvoker"/> as Functions mode.
/// </summary>
public sealed class LocalTriggerRunner(FunctionRegistry registry, StorageServices storage, FunctionInvoker invoker, OutputRouter router,
    IOptions<RunnerOptions> options, IConfiguration configuration, TimeProvider clock, ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return Task.CompletedTask;
        var logger = loggers.CreateLogger<LocalTriggerRunner>();
        var pumps = registry.QueueFunctions
            .Select(f => new QueuePump(f, storage, invoker, router, options.Value, clock, logger).RunAsync(stoppingToken))
            .Concat(registry.TimerFunctions.Select(f => new TimerPump(f, Schedule(f), invoker, router, clock, logger).RunAsync(stoppingToken)))
            .ToList();
        logger.LogInformation("Local trigger runner: {QueueFunctions} queue functions, {TimerFunctions} timer functions",
            registry.QueueFunctions.Count(), registry.TimerFunctions.Count());
        return Task.WhenAll(pumps);
    }

    private string Schedule(FunctionDefinition function)
    {
        var timer = (TimerTrigger)function.Trigger;
        return configuration[SettingKeys.Of(timer.ScheduleSetting)] is { Length: > 0 } configured ? configured : timer.DefaultSchedule;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Hosting;
using NCrontab;

namespace CrmFunctions.Runner;

/// <summary>Fires one timer function on its NCRONTAB schedule (UTC, six fields), with the host's TimerInfo payload.</summary>
public sealed class TimerPump(FunctionDefinition function, string schedule, FunctionInvoker invoker, OutputRouter router,
    TimeProvider clock, ILogger logger)
{
    private readonly CrontabSchedule _schedule = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = new DateTimeOffset(_schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var following = new DateTimeOffset(_schedule.GetNextOccurrence(next.UtcDateTime), TimeSpan.Zero);
            await FireAsync(last, following, clock.GetUtcNow() - next > TimeSpan.FromMinutes(1), stoppingToken);
            last = next;
        }
    }

    public async Task FireAsync(DateTimeOffset? last, DateTimeOffset next, bool isPastDue, CancellationToken cancellationToken)
    {
        try
        {
            var response = await invoker.InvokeAsync(function, BuildInvocation(last, next, isPastDue), cancellationToken);
            await router.RouteAsync(function, response, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Like the host: a failed timer run is logged and the next occurrence runs as scheduled.
            logger.LogError(e, "Timer function {Function} failed", function.Name);
        }
    }

    /// <summary>The payload shape the Functions host sends for a timer trigger (TimerInfo, not double-encoded).</summary>
    public JsonElement BuildInvocation(DateTimeOffset? last, DateTimeOffset next, bool isPastDue)
    {
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject
            {
                [function.Trigger.BindingName] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = new JsonObject
                    {
                        ["Last"] = (last ?? DateTimeOffset.MinValue).UtcDateTime.ToString("O"),
                        ["Next"] = next.UtcDateTime.ToString("O"),
                        ["LastUpdated"] = clock.GetUtcNow().UtcDateTime.ToString("O"),
                    },
                    ["IsPastDue"] = isPastDue,
                },
            },
            ["Metadata"] = new JsonObject
            {
                ["sys"] = new JsonObject { ["MethodName"] = function.Name, ["UtcNow"] = clock.GetUtcNow().UtcDateTime.ToString("O") },
            },
        };
        return JsonSerializer.SerializeToElement(payload);
    }
}

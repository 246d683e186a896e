using CrmFunctions.Hosting;

namespace CrmFunctions.Privacy;

/// <summary>The ApplyRetention timer (Privacy__RetentionSchedule): one retention sweep, its counts in the invocation's log.</summary>
public sealed class ApplyRetentionFunction(RetentionSweeper sweeper) : IFunctionHandler
{
    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var done = await sweeper.RunAsync(context.Function.Name, cancellationToken);
        return FunctionResult.Empty.Log($"retention {done.Id} {done.Status}: {string.Join(", ", done.Counts.Select(c => $"{c.Key} {c.Value}"))}");
    }
}

using CrmFunctions.Hosting;

namespace CrmFunctions.Barometers;

/// <summary>The timer function: the same refresh as POST /api/barometers/refresh.</summary>
public sealed class RefreshBarometersFunction(BarometerRefresher refresher) : IFunctionHandler
{
    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var summary = await refresher.RefreshAsync(null, null, cancellationToken);
            return FunctionResult.Empty.Log(
                $"Barometers refreshed: {summary.FactsRead} facts read, {summary.DaysUpdated} days updated, {summary.AlertsRaised} alerts");
        }
        catch (RefreshBusyException)
        {
            // An on-demand refresh or a backfill is doing the work; the next tick catches up.
            return FunctionResult.Empty.Log("Barometer refresh skipped: another refresh is running");
        }
    }
}

namespace CrmFunctions.Core.Barometers;

/// <summary>
/// An indicator changed status for one dimension (e.g. "week|property=P1|segment=*|channel=*").
/// <see cref="Gap"/> = value − threshold, so for a higher-is-better indicator a negative gap is a shortfall.
/// </summary>
public sealed record IndicatorAlert(
    string IndicatorId, string Dimension, Period Period,
    IndicatorStatus From, IndicatorStatus To, double Value, double Threshold, double Gap);

/// <summary>What to remember for next time, and the alert to send, if any.</summary>
public sealed record AlertDecision(IndicatorStatus? StatusToKeep, IndicatorAlert? Alert);

public static class AlertTransitions
{
    /// <summary>
    /// One alert per status change, none while the status holds. A measurement below the minimum sample
    /// changes nothing: the last real status is kept, so Warn → (too few answers) → Warn does not alert again.
    /// With no status yet (<paramref name="lastKnown"/> null) the baseline is Ok: a first Warn alerts, a first Ok does not.
    /// </summary>
    public static AlertDecision Decide(
        IndicatorDefinition definition, string dimension, Period period,
        IndicatorStatus? lastKnown, StatusEvaluation current)
    {
        if (current.Status == IndicatorStatus.InsufficientSample || current.Value is not { } value)
            return new(lastKnown, null);

        var from = lastKnown is null or IndicatorStatus.InsufficientSample ? IndicatorStatus.Ok : lastKnown.Value;
        if (from == current.Status)
            return new(current.Status, null);

        var threshold = CrossedThreshold(definition, from, current.Status);
        if (threshold is not { } level)
            return new(current.Status, null);
        return new(current.Status,
            new IndicatorAlert(definition.Id, dimension, period, from, current.Status, value, level, value - level));
    }

    /// <summary>The statuses to keep and the alerts to send after a barometer refresh.</summary>
    public static (IReadOnlyDictionary<string, IndicatorStatus> StatusesToKeep, IReadOnlyList<IndicatorAlert> Alerts) Detect(
        BarometerReport report, IReadOnlyDictionary<string, IndicatorStatus> lastKnown)
    {
        var keep = new Dictionary<string, IndicatorStatus>(lastKnown, StringComparer.Ordinal);
        var alerts = new List<IndicatorAlert>();
        foreach (var line in report.Lines)
        {
            var decision = Decide(line.Definition, report.Dimension, report.Period,
                lastKnown.TryGetValue(line.Definition.Id, out var last) ? last : null, line.Evaluation);
            if (decision.StatusToKeep is { } status) keep[line.Definition.Id] = status;
            if (decision.Alert is { } alert) alerts.Add(alert);
        }
        return (keep, alerts);
    }

    // Getting worse crosses the level of the new status; getting better crosses the level of the status left
    // behind (Alert → Warn crosses the alert level, anything → Ok crosses the warn level).
    private static double? CrossedThreshold(IndicatorDefinition definition, IndicatorStatus from, IndicatorStatus to) => to switch
    {
        IndicatorStatus.Alert => definition.Alert,
        IndicatorStatus.Warn when from == IndicatorStatus.Alert => definition.Alert ?? definition.Warn,
        IndicatorStatus.Warn => definition.Warn,
        IndicatorStatus.Ok => definition.Warn ?? definition.Alert,
        _ => null,
    };
}

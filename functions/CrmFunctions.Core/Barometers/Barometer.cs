using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Barometers;

public enum Trend { Up, Down, Flat }

/// <summary>Which indicators a barometer shows, from which catalogue, and how calls are counted.</summary>
public sealed record BarometerSettings
{
    public static IReadOnlyList<string> DefaultIndicators { get; } =
    [
        IndicatorIds.Nps, IndicatorIds.Csat, IndicatorIds.ServiceLevel,
        IndicatorIds.RequestsPerAgentDay, IndicatorIds.ComplaintsPer100Stays, IndicatorIds.SkillsIndex,
    ];

    public IReadOnlyList<string> Indicators { get; init; } = DefaultIndicators;
    public ServiceLevelOptions ServiceLevel { get; init; } = ServiceLevelOptions.Default;
    public IndicatorCatalogue Catalogue { get; init; } = IndicatorCatalogue.CreateDefault();

    public static BarometerSettings Default { get; } = new();
}

/// <summary>
/// One row of the barometer. <see cref="Trend"/> compares with the previous period and is only given when
/// both periods reach the minimum sample; <see cref="TrendIsGood"/> reads it against the direction.
/// </summary>
public sealed record BarometerLine(
    IndicatorDefinition Definition,
    StatusEvaluation Evaluation,
    double? Margin,
    double? PreviousValue,
    Trend? Trend,
    bool? TrendIsGood)
{
    public string IndicatorId => Definition.Id;
    public double? Value => Evaluation.Value;
    public long N => Evaluation.N;
    public IndicatorStatus Status => Evaluation.Status;
    /// <summary>The level crossed when Warn or Alert; otherwise the warn level to watch.</summary>
    public double? Threshold => Evaluation.Threshold ?? Definition.Warn;
}

public sealed record BarometerReport(Period Period, BarometerFilter Filter, IReadOnlyList<BarometerLine> Lines)
{
    /// <summary>The key alert states are tracked under: period granularity and filter, not the period itself.</summary>
    public string Dimension => $"{Period.Kind}|{Filter}";

    public BarometerLine this[string indicatorId] => Lines.Single(l => l.IndicatorId == indicatorId);
}

public static class Barometer
{
    /// <summary>
    /// The barometer of a period and a slice (a property's scorecard is the filter on that property),
    /// compared with the period before it.
    /// </summary>
    public static BarometerReport Compute(
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> days, Period period, BarometerFilter filter,
        BarometerSettings? settings = null,
        CustomerBaseSnapshot? snapshot = null, CustomerBaseSnapshot? previousSnapshot = null) =>
        Compute(Rollup.Select(days, period, filter), Rollup.Select(days, period.Previous(), filter),
            period, filter, settings, snapshot, previousSnapshot);

    /// <summary>The same from aggregates already rolled up (e.g. read back from storage).</summary>
    public static BarometerReport Compute(
        BarometerAggregate current, BarometerAggregate previous, Period period, BarometerFilter filter,
        BarometerSettings? settings = null,
        CustomerBaseSnapshot? snapshot = null, CustomerBaseSnapshot? previousSnapshot = null)
    {
        settings ??= BarometerSettings.Default;
        var lines = settings.Indicators.Select(id =>
        {
            var definition = settings.Catalogue.Get(id);
            var now = IndicatorCalculator.Measure(id, current, snapshot, settings.ServiceLevel);
            var before = IndicatorCalculator.Measure(id, previous, previousSnapshot, settings.ServiceLevel);
            var evaluation = IndicatorCalculator.Evaluate(definition, now);
            var comparable = evaluation.Status != IndicatorStatus.InsufficientSample
                && IndicatorCalculator.Evaluate(definition, before).Status != IndicatorStatus.InsufficientSample;
            var trend = comparable ? TrendOf(definition, now.Value!.Value, before.Value!.Value) : (Trend?)null;
            bool? good = trend switch
            {
                Barometers.Trend.Up => definition.Direction == Direction.HigherIsBetter,
                Barometers.Trend.Down => definition.Direction == Direction.LowerIsBetter,
                _ => null,
            };
            return new BarometerLine(definition, evaluation, now.Margin, before.Value, trend, good);
        }).ToList();
        return new BarometerReport(period, filter, lines);
    }

    private static Trend TrendOf(IndicatorDefinition definition, double now, double before) =>
        Math.Abs(now - before) <= definition.TrendTolerance ? Trend.Flat
        : now > before ? Trend.Up : Trend.Down;
}

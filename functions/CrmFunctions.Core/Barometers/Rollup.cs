namespace CrmFunctions.Core.Barometers;

/// <summary>Where a rolled-up aggregate belongs; "*" stands for every property, segment or channel.</summary>
public sealed record RollupKey(Period Period, string Property, string Segment, string Channel)
{
    public const string All = "*";
}

/// <summary>Rolls day aggregates up to periods and wider slices. Pure addition, so it can be redone any time.</summary>
public static class Rollup
{
    /// <summary>The aggregate of one period and slice, e.g. week 2020-W53 for property "P1", all segments and channels.</summary>
    public static BarometerAggregate Select(
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> days, Period period, BarometerFilter filter) =>
        BarometerAggregate.Sum(days.Where(d => period.Contains(d.Key.Day) && filter.Matches(d.Key)).Select(d => d.Value));

    /// <summary>
    /// Every period of the given kind that has data, per property / segment / channel, or merged into
    /// "*" for the dimensions asked to be merged (e.g. allProperties for the group-wide barometer).
    /// </summary>
    public static IReadOnlyDictionary<RollupKey, BarometerAggregate> ByPeriod(
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> days, PeriodKind kind,
        bool allProperties = false, bool allSegments = false, bool allChannels = false) =>
        days.GroupBy(d => new RollupKey(
                Period.Containing(kind, d.Key.Day),
                allProperties ? RollupKey.All : d.Key.Property,
                allSegments ? RollupKey.All : d.Key.Segment,
                allChannels ? RollupKey.All : d.Key.Channel))
            .ToDictionary(g => g.Key, g => BarometerAggregate.Sum(g.Select(d => d.Value)));
}

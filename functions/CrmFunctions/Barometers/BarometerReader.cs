using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Barometers;

/// <summary>Reads periods for one request, each partition once.</summary>
public sealed class BarometerReader(BarometerStore store)
{
    private readonly Dictionary<Period, Task<Dictionary<Slice, BarometerAggregate>>> _periods = [];

    public Task<Dictionary<Slice, BarometerAggregate>> SlicesAsync(Period period, CancellationToken cancellationToken)
    {
        if (!_periods.TryGetValue(period, out var task))
            _periods[period] = task = store.ReadPeriodAsync(period, cancellationToken);
        return task;
    }

    public async Task<BarometerAggregate> AggregateAsync(Period period, BarometerFilter filter, CancellationToken cancellationToken) =>
        BarometerRefresher.Sum(await SlicesAsync(period, cancellationToken), filter);

    /// <summary>The <paramref name="count"/> periods ending with <paramref name="last"/>, oldest first.</summary>
    public static IReadOnlyList<Period> Span(Period last, int count)
    {
        var periods = new List<Period> { last };
        while (periods.Count < count) periods.Insert(0, periods[0].Previous());
        return periods;
    }
}

using System.Globalization;
using CrmFunctions.Core.Contacts;

namespace CrmFunctions.Core.Enrichment;

/// <summary>Stay history figures, RFM scores, segment, value score and loyalty tier.</summary>
public static class StayMetrics
{
    public static StaySummary Summarize(IEnumerable<StayInput> stays, StayOptions options, LoyaltyOptions loyalty, DateOnly today)
    {
        var distinct = Distinct(stays);

        int stayCount = 0, nights = 0, unconverted = 0, frequency = 0, tierNights = 0, upcoming = 0;
        decimal revenue = 0m;
        DateOnly? first = null, last = null;
        foreach (var stay in distinct)
        {
            var end = End(stay)!.Value;
            if (end > today)
            {
                upcoming++;
                continue;
            }
            var start = stay.Arrival ?? end;
            var stayNights = stay.RoomNights ?? Math.Max(end.DayNumber - start.DayNumber, 0);
            stayCount++;
            nights += stayNights;
            if (stay.Revenue is { } amount)
            {
                if (options.CurrencyRates.TryGetValue(stay.Currency ?? options.ReportingCurrency, out var rate)) revenue += amount * rate;
                else unconverted++;
            }
            if (today.DayNumber - end.DayNumber <= options.FrequencyWindowDays) frequency++;
            if (today.DayNumber - end.DayNumber <= loyalty.WindowDays) tierNights += stayNights;
            if (first is null || start < first) first = start;
            if (last is null || end > last) last = end;
        }

        return new StaySummary
        {
            Stays = stayCount,
            RoomNights = nights,
            Revenue = decimal.Round(revenue, 2),
            UnconvertedStays = unconverted,
            FirstStay = first,
            LastStay = last,
            RecencyDays = last is { } l ? today.DayNumber - l.DayNumber : null,
            Frequency = frequency,
            TierNights = tierNights,
            UpcomingStays = upcoming,
        };
    }

    /// <summary>
    /// The stays that can be placed in time, one per real stay: the one told most fully (then with the highest revenue)
    /// of those sent for the same reservation, or the same property and arrival when there is no reservation id.
    /// </summary>
    public static IReadOnlyList<StayInput> Distinct(IEnumerable<StayInput> stays) => stays
        .Where(s => End(s) is not null)
        .GroupBy(Key, StringComparer.Ordinal)
        .Select(g => g.OrderByDescending(Filled).ThenByDescending(s => s.Revenue ?? 0m).First())
        .ToList();

    /// <summary>The day the stay ends: its departure, else arrival + room nights (at least one night).</summary>
    public static DateOnly? End(StayInput stay) =>
        stay.Departure ?? stay.Arrival?.AddDays(Math.Max(stay.RoomNights ?? 1, 1));

    /// <summary>Revenue in the reporting currency, or null when there is none or no rate for its currency.</summary>
    public static decimal? Revenue(StayInput stay, StayOptions options) =>
        stay.Revenue is { } amount && options.CurrencyRates.TryGetValue(stay.Currency ?? options.ReportingCurrency, out var rate)
            ? amount * rate
            : null;

    // A stay sent by the PMS and by the booking engine is one stay: the reservation when known, else property and arrival.
    private static string Key(StayInput s) =>
        (s.PropertyId ?? string.Empty).ToUpperInvariant() + "|" + (s.ReservationId is { Length: > 0 } r ? "r:" + r.ToUpperInvariant() : "a:" + (s.Arrival ?? s.Departure)?.ToString("O", CultureInfo.InvariantCulture));

    private static int Filled(StayInput s) =>
        new object?[] { s.PropertyId, s.ReservationId, s.Arrival, s.Departure, s.RoomNights, s.Revenue, s.Currency }.Count(v => v is not null);

    public static RfmScore? Score(StaySummary stays, SegmentationOptions options)
    {
        if (stays.Stays == 0 || stays.RecencyDays is not { } recency) return null;
        var r = 5 - (options.RecencyDays ?? SegmentationOptions.DefaultRecencyDays).Count(days => recency > days);
        var f = 1 + (options.FrequencyStays ?? SegmentationOptions.DefaultFrequencyStays).Count(n => stays.Frequency >= n);
        var m = 1 + (options.MonetaryRevenue ?? SegmentationOptions.DefaultMonetaryRevenue).Count(amount => stays.Revenue >= amount);
        return new RfmScore(Math.Clamp(r, 1, 5), Math.Clamp(f, 1, 5), Math.Clamp(m, 1, 5));
    }

    public static int ValueScore(RfmScore? rfm, SegmentationOptions options)
    {
        if (rfm is null) return 0;
        var total = options.RecencyWeight + options.FrequencyWeight + options.MonetaryWeight;
        if (total <= 0) return 0;
        var weighted = options.RecencyWeight * (rfm.Recency - 1) + options.FrequencyWeight * (rfm.Frequency - 1) + options.MonetaryWeight * (rfm.Monetary - 1);
        return (int)Math.Round(100 * weighted / (4 * total), MidpointRounding.AwayFromZero);
    }

    public static string Segment(StaySummary stays, SegmentationOptions options)
    {
        foreach (var (name, rule) in options.Rules.OrderBy(r => r.Value.Order).ThenBy(r => r.Key, StringComparer.Ordinal))
            if (Holds(rule, stays)) return name;
        return options.Fallback;
    }

    private static bool Holds(SegmentRule rule, StaySummary s)
    {
        if (rule.MinStays is { } minStays && s.Stays < minStays) return false;
        if (rule.MaxStays is { } maxStays && s.Stays > maxStays) return false;
        if (rule.MinFrequency is { } minFrequency && s.Frequency < minFrequency) return false;
        if (rule.MinRecencyDays is { } minRecency && (s.RecencyDays is not { } r1 || r1 < minRecency)) return false;
        if (rule.MaxRecencyDays is { } maxRecency && (s.RecencyDays is not { } r2 || r2 > maxRecency)) return false;
        if (rule.MinRevenue is { } minRevenue && s.Revenue < minRevenue) return false;
        return true;
    }

    public static string Tier(StaySummary stays, LoyaltyOptions options) =>
        options.TierNights.Where(t => t.Value > 0 && stays.TierNights >= t.Value).OrderByDescending(t => t.Value).Select(t => t.Key).FirstOrDefault()
        ?? options.NoTier;
}

namespace CrmFunctions.Campaigns;

/// <summary>
/// Local hours in which no guest is written to. Pure: the caller gives the instant and the zone. A window whose start
/// is after its end spans midnight; a start equal to its end means no quiet hours.
/// </summary>
public static class QuietHours
{
    /// <summary>When the quiet hours holding <paramref name="now"/> end, or null when <paramref name="now"/> is not in them.</summary>
    public static DateTimeOffset? EndOf(DateTimeOffset now, TimeOnly start, TimeOnly end, TimeZoneInfo zone)
    {
        if (start == end) return null;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var quiet = start < end ? time >= start && time < end : time >= start || time < end;
        if (!quiet) return null;
        var day = DateOnly.FromDateTime(local.DateTime);
        if (time >= end) day = day.AddDays(1);
        return Instant(day.ToDateTime(end, DateTimeKind.Unspecified), zone);
    }

    /// <summary>
    /// The instant a zone's clocks first show a local time. A time skipped when clocks go forward is reached when they
    /// jump (the first valid minute after it); a time shown twice when they go back is taken the first time.
    /// </summary>
    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}

using CrmFunctions.Campaigns;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>When a trigger waits for the end of quiet hours, in the property's clock, across midnight and clock changes.</summary>
public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeOnly Nine = new(9, 0);
    private static readonly TimeOnly TwentyOne = new(21, 0);

    private static DateTimeOffset? EndOf(string now, TimeOnly? start = null, TimeOnly? end = null, TimeZoneInfo? zone = null) =>
        QuietHours.EndOf(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), start ?? TwentyOne, end ?? Nine, zone ?? Paris);

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Evening: waits for nine the next morning (Paris is UTC+1 in December).
    [InlineData("2026-12-04T22:30:00Z", "2026-12-05T08:00:00Z")]
    // After midnight: waits for nine the same morning.
    [InlineData("2026-12-05T02:00:00Z", "2026-12-05T08:00:00Z")]
    // The first instant of quiet hours.
    [InlineData("2026-12-04T20:00:00Z", "2026-12-05T08:00:00Z")]
    public void A_trigger_due_in_quiet_hours_waits_for_their_end_in_the_propertys_clock(string now, string end) =>
        Assert.Equal(At(end), EndOf(now));

    [Theory]
    [InlineData("2026-12-05T08:00:00Z")] // nine in Paris: quiet hours are over
    [InlineData("2026-12-05T19:59:59Z")] // 20:59:59 in Paris
    [InlineData("2026-12-05T12:00:00Z")]
    public void A_trigger_due_outside_quiet_hours_goes_now(string now) => Assert.Null(EndOf(now));

    [Fact]
    public void The_property_zone_decides_not_utc()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        // 22:30 UTC is 17:30 in New York: not quiet there, though it is in Paris.
        Assert.Null(EndOf("2026-12-04T22:30:00Z", zone: newYork));
        Assert.Equal(At("2026-12-05T14:00:00Z"), EndOf("2026-12-05T03:00:00Z", zone: newYork));
    }

    [Fact]
    public void On_the_night_clocks_go_forward_the_wait_is_an_hour_shorter()
    {
        // 23:00 CET on 28 March 2026; at 02:00 the clocks jump to 03:00 CEST; nine is then 07:00 UTC.
        var end = EndOf("2026-03-28T22:00:00Z");

        Assert.Equal(At("2026-03-29T07:00:00Z"), end);
        Assert.Equal(TimeSpan.FromHours(2), Paris.GetUtcOffset(end!.Value));
    }

    [Fact]
    public void On_the_night_clocks_go_back_the_wait_is_an_hour_longer_and_the_repeated_hour_is_quiet_both_times()
    {
        // 23:00 CEST on 24 October 2026; at 03:00 the clocks go back to 02:00 CET; nine is then 08:00 UTC.
        Assert.Equal(At("2026-10-25T08:00:00Z"), EndOf("2026-10-24T21:00:00Z"));
        // 02:30 happens twice that night: at 00:30 UTC and at 01:30 UTC.
        Assert.Equal(At("2026-10-25T08:00:00Z"), EndOf("2026-10-25T00:30:00Z"));
        Assert.Equal(At("2026-10-25T08:00:00Z"), EndOf("2026-10-25T01:30:00Z"));
    }

    [Fact]
    public void Quiet_hours_ending_in_the_skipped_hour_end_when_the_clocks_jump()
    {
        // 22:00 to 02:30, and 02:30 does not exist on 29 March 2026 in Paris: sending resumes at 03:00 CEST.
        Assert.Equal(At("2026-03-29T01:00:00Z"), EndOf("2026-03-28T22:30:00Z", new TimeOnly(22, 0), new TimeOnly(2, 30)));
    }

    [Fact]
    public void Quiet_hours_ending_in_the_repeated_hour_end_the_first_time_the_clock_shows_it()
    {
        // 22:00 to 02:30 on 25 October 2026 in Paris: 02:30 CEST (00:30 UTC), not 02:30 CET an hour later.
        Assert.Equal(At("2026-10-25T00:30:00Z"), EndOf("2026-10-24T21:00:00Z", new TimeOnly(22, 0), new TimeOnly(2, 30)));
    }

    [Fact]
    public void A_window_within_one_day_and_no_window_at_all()
    {
        // 13:00 to 14:00 (a lunch break), in Paris.
        Assert.Equal(At("2026-12-05T13:00:00Z"), EndOf("2026-12-05T12:15:00Z", new TimeOnly(13, 0), new TimeOnly(14, 0)));
        Assert.Null(EndOf("2026-12-05T13:00:00Z", new TimeOnly(13, 0), new TimeOnly(14, 0)));
        // A start equal to the end: never quiet.
        Assert.Null(EndOf("2026-12-04T23:00:00Z", new TimeOnly(0, 0), new TimeOnly(0, 0)));
    }
}

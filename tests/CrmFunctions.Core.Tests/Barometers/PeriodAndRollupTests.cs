using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Core.Tests.Barometers;

public class PeriodAndRollupTests
{
    [Fact]
    public void New_years_day_2021_belongs_to_iso_week_53_of_2020()
    {
        // 2020 started on a Wednesday and was a leap year, so it has 53 ISO weeks: W53 = Mon 28 Dec 2020 – Sun 3 Jan 2021.
        var week = Period.Containing(PeriodKind.IsoWeek, new DateOnly(2021, 1, 1));

        Assert.Equal("2020-W53", week.Label);
        Assert.Equal(new DateOnly(2020, 12, 28), week.Start);
        Assert.Equal(new DateOnly(2021, 1, 3), week.End);
        Assert.Equal("2021-W01", Period.Containing(PeriodKind.IsoWeek, new DateOnly(2021, 1, 4)).Label);
        Assert.Equal("2020-W53", Period.IsoWeek(2021, 1).Previous().Label);
        // And the other way round: Mon 30 Dec 2019 is already in week 1 of 2020.
        Assert.Equal("2020-W01", Period.Containing(PeriodKind.IsoWeek, new DateOnly(2019, 12, 30)).Label);
    }

    [Theory]
    [InlineData(PeriodKind.Day)]
    [InlineData(PeriodKind.IsoWeek)]
    [InlineData(PeriodKind.Month)]
    public void Periods_of_the_first_and_last_supported_days_have_an_end_a_label_and_sixty_periods_of_history(PeriodKind kind)
    {
        foreach (var day in new[] { SupportedDates.First, SupportedDates.Last })
        {
            var period = Period.Containing(kind, day);
            Assert.True(period.Contains(day));
            Assert.True(period.End >= day);
            Assert.NotEmpty(period.Label);
            for (var i = 0; i < 60; i++)
                period = period.Previous();
            Assert.True(period.End < day);
        }
    }

    [Fact]
    public void Months_and_their_previous_period_cross_the_year_boundary()
    {
        Assert.Equal("2020-12", Period.Month(2021, 1).Previous().Label);
        Assert.Equal(new DateOnly(2024, 2, 29), Period.Month(2024, 2).End);
    }

    [Fact]
    public void Week_and_month_roll_ups_split_the_same_days_differently_across_new_year()
    {
        // Thu 31 Dec 2020: promoter; Sat 2 Jan 2021: detractor; Mon 4 Jan 2021: passive.
        // Weeks: 2020-W53 = {10, 0} → NPS 0; 2021-W01 = {8} → NPS 0 with n = 1.
        // Months: 2020-12 = {10} → NPS 100; 2021-01 = {0, 8} → (0 − 1)/2 = −50.
        var days = Sample.Days(
            Sample.Answer("a", nps: 10, on: new DateOnly(2020, 12, 31)),
            Sample.Answer("b", nps: 0, on: new DateOnly(2021, 1, 2)),
            Sample.Answer("c", nps: 8, on: new DateOnly(2021, 1, 4)));

        var weeks = Rollup.ByPeriod(days, PeriodKind.IsoWeek, allProperties: true, allSegments: true, allChannels: true);
        var months = Rollup.ByPeriod(days, PeriodKind.Month, allProperties: true, allSegments: true, allChannels: true);
        double? Nps(IReadOnlyDictionary<RollupKey, BarometerAggregate> rolled, string label) =>
            Measures.Nps(rolled.Single(r => r.Key.Period.Label == label).Value).Score;

        Assert.Equal(["2020-W53", "2021-W01"], weeks.Keys.Select(k => k.Period.Label).Order());
        Assert.Equal(0, Nps(weeks, "2020-W53"));
        Assert.Equal(2, Measures.Nps(weeks.Single(w => w.Key.Period.Label == "2020-W53").Value).N);
        Assert.Equal(100, Nps(months, "2020-12"));
        Assert.Equal(-50, Nps(months, "2021-01"));
    }

    [Fact]
    public void All_properties_roll_up_adds_the_properties_while_per_property_keeps_them_apart()
    {
        // P1: 10, 10 (NPS 100); P2: 0, 9 (NPS 0); all: 3 promoters, 1 detractor of 4 → 50.
        var days = AggregateBuilder.Build(new() { Answers = [
            .. Sample.NpsAnswers("p1", Sample.Day, "P1", 10, 10),
            .. Sample.NpsAnswers("p2", Sample.Day, "P2", 0, 9)] });

        var perProperty = Rollup.ByPeriod(days, PeriodKind.Month);
        var group = Rollup.ByPeriod(days, PeriodKind.Month, allProperties: true);

        Assert.Equal(100, Measures.Nps(perProperty.Single(p => p.Key.Property == "P1").Value).Score);
        Assert.Equal(0, Measures.Nps(perProperty.Single(p => p.Key.Property == "P2").Value).Score);
        Assert.Equal(RollupKey.All, group.Single().Key.Property);
        Assert.Equal(50, Measures.Nps(group.Single().Value).Score);
        Assert.Equal(50, Measures.Nps(Rollup.Select(days, Period.Month(2024, 3), BarometerFilter.All)).Score);
    }

    [Fact]
    public void Filtering_on_a_guest_segment_leaves_out_facts_that_have_no_segment()
    {
        // Staff skills carry no segment: they belong to "-", so a "leisure" scorecard has no skills index.
        var days = AggregateBuilder.Build(new()
        {
            Answers = [Sample.Answer("a", nps: 10, segment: "leisure")],
            Skills = [new("P1", null, "listening", 5, Sample.Day)],
        });

        var leisure = Rollup.Select(days, Period.Day(Sample.Day), new BarometerFilter(Segment: "leisure"));

        Assert.Equal(1, Measures.Nps(leisure).N);
        Assert.Equal(0, Measures.Skills(leisure).N);
        Assert.Equal(1, Measures.Skills(Rollup.Select(days, Period.Day(Sample.Day), new BarometerFilter(Property: "P1"))).N);
    }
}

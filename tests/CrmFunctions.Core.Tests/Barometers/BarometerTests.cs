using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Tests.Barometers;

public class BarometerTests
{
    private static readonly Period ThisWeek = Period.IsoWeek(2024, 11);   // Mon 11 – Sun 17 March 2024
    private static readonly DateOnly ThisMonday = ThisWeek.Start, LastMonday = ThisWeek.Start.AddDays(-7);

    /// <summary>40 answers: `promoters` at 10, `detractors` at 0, the rest at 8.</summary>
    private static IEnumerable<SurveyAnswer> Week(string prefix, DateOnly on, string property, int promoters, int detractors) =>
        Sample.NpsAnswers(prefix, on, property,
            [.. Enumerable.Repeat(10, promoters), .. Enumerable.Repeat(0, detractors), .. Enumerable.Repeat(8, 40 - promoters - detractors)]);

    [Fact]
    public void The_default_barometer_shows_the_six_chosen_indicators_in_order()
    {
        var report = Barometer.Compute(new Dictionary<AggregateKey, BarometerAggregate>(), ThisWeek, BarometerFilter.All);

        Assert.Equal(["nps", "csat", "calls.service-level", "requests.per-agent-day", "complaints.per-100-stays", "skills.index"],
            report.Lines.Select(l => l.IndicatorId));
        Assert.All(report.Lines, l => Assert.Equal(IndicatorStatus.InsufficientSample, l.Status));
    }

    [Fact]
    public void Nps_line_carries_value_margin_status_previous_value_and_a_good_upward_trend()
    {
        // Last week P1: 12 promoters, 4 detractors of 40 → (12 − 4)/40 = 20 → Warn (below 30).
        // This week P1: 20 promoters, 4 detractors of 40 → (20 − 4)/40 = 40 → Ok; margin:
        // pP = 0.5, pD = 0.1, variance = 0.6 − 0.16 = 0.44, 1.96 × √(0.44/40) × 100 = 20.557.
        var days = AggregateBuilder.Build(new BarometerFacts { Answers = [
            .. Week("last", LastMonday, "P1", promoters: 12, detractors: 4),
            .. Week("this", ThisMonday, "P1", promoters: 20, detractors: 4)] });

        var nps = Barometer.Compute(days, ThisWeek, BarometerFilter.All)[IndicatorIds.Nps];

        Assert.Equal(40, nps.Value!.Value, 9);
        Assert.Equal(40, nps.N);
        Assert.Equal(20.557, nps.Margin!.Value, 3);
        Assert.Equal(IndicatorStatus.Ok, nps.Status);
        Assert.Equal(30, nps.Threshold);
        Assert.Equal(20, nps.PreviousValue!.Value, 9);
        Assert.Equal(Trend.Up, nps.Trend);
        Assert.True(nps.TrendIsGood);
    }

    [Fact]
    public void More_complaints_per_stay_is_an_upward_trend_that_is_bad()
    {
        // Last week 1 complaint / 200 stays = 0.5; this week 6 / 200 = 3.0 per 100 → Warn, trend up, not good.
        SurveyAnswer Complaint(string key, DateOnly on) => Sample.Answer(key, on: on, complaint: true, reason: "noise");
        IEnumerable<Stay> Stays(DateOnly on) => Enumerable.Range(0, 200).Select(_ => new Stay("P1", "leisure", "direct", on));
        var days = AggregateBuilder.Build(new BarometerFacts
        {
            Answers = [Complaint("old", LastMonday), .. Enumerable.Range(0, 6).Select(i => Complaint($"new{i}", ThisMonday))],
            Stays = [.. Stays(LastMonday), .. Stays(ThisMonday)],
        });

        var line = Barometer.Compute(days, ThisWeek, BarometerFilter.All)[IndicatorIds.ComplaintsPer100Stays];

        Assert.Equal(3.0, line.Value!.Value, 9);
        Assert.Equal(IndicatorStatus.Warn, line.Status);
        Assert.Equal(Trend.Up, line.Trend);
        Assert.False(line.TrendIsGood);
    }

    [Fact]
    public void No_trend_is_given_when_the_previous_period_had_too_few_answers()
    {
        var days = AggregateBuilder.Build(new BarometerFacts { Answers = [
            .. Sample.NpsAnswers("last", LastMonday, "P1", 10, 10, 0),
            .. Week("this", ThisMonday, "P1", promoters: 20, detractors: 4)] });

        var nps = Barometer.Compute(days, ThisWeek, BarometerFilter.All)[IndicatorIds.Nps];

        Assert.Equal(100.0 / 3, nps.PreviousValue!.Value, 9);
        Assert.Null(nps.Trend);
        Assert.Null(nps.TrendIsGood);
    }

    [Fact]
    public void A_property_scorecard_is_the_same_barometer_filtered_and_alerts_only_where_the_status_changed()
    {
        // P1: 20 promoters, 4 detractors → 40 (Ok). P2: 4 promoters, 12 detractors → −20 (Alert, below 10).
        var days = AggregateBuilder.Build(new BarometerFacts { Answers = [
            .. Week("p1", ThisMonday, "P1", promoters: 20, detractors: 4),
            .. Week("p2", ThisMonday, "P2", promoters: 4, detractors: 12)] });
        var settings = new BarometerSettings { Indicators = [IndicatorIds.Nps, IndicatorIds.Touchpoint("room")] };

        var p1 = Barometer.Compute(days, ThisWeek, new BarometerFilter(Property: "P1"), settings);
        var p2 = Barometer.Compute(days, ThisWeek, new BarometerFilter(Property: "P2"), settings);
        var (p1Statuses, p1Alerts) = AlertTransitions.Detect(p1, new Dictionary<string, IndicatorStatus> { ["nps"] = IndicatorStatus.Ok });
        var (p2Statuses, p2Alerts) = AlertTransitions.Detect(p2, new Dictionary<string, IndicatorStatus> { ["nps"] = IndicatorStatus.Ok });

        Assert.Equal(40, p1[IndicatorIds.Nps].Value!.Value, 9);
        Assert.Equal(-20, p2[IndicatorIds.Nps].Value!.Value, 9);
        Assert.Empty(p1Alerts);
        var alert = Assert.Single(p2Alerts);
        Assert.Equal(("nps", "IsoWeek|property=P2|segment=*|channel=*", IndicatorStatus.Alert, -30.0),
            (alert.IndicatorId, alert.Dimension, alert.To, alert.Gap));
        Assert.Equal(IndicatorStatus.Alert, p2Statuses["nps"]);
        Assert.False(p1Statuses.ContainsKey("touchpoint.room"));   // no room scores: no status to remember
    }

    [Fact]
    public void The_catalogue_documents_every_indicator_for_the_readme()
    {
        var markdown = IndicatorCatalogue.CreateDefault().ToMarkdown();

        Assert.Contains("| `nps` | NPS |", markdown);
        Assert.Contains("| `touchpoint.check-in` |", markdown);
        Assert.Contains("| `base.top20-revenue-share` |", markdown);
    }
}

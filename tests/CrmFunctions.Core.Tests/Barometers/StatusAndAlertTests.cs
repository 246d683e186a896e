using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Core.Tests.Barometers;

public class StatusAndAlertTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.CreateDefault();
    private static readonly IndicatorDefinition Nps = Catalogue.Get(IndicatorIds.Nps); // warn 30, alert 10, min n 30
    private static readonly Period Week = Period.IsoWeek(2024, 11);

    private static StatusEvaluation Evaluate(double? value, long n = 100) =>
        IndicatorCalculator.Evaluate(Nps, new Measurement(value, n));

    [Fact]
    public void Nps_below_the_minimum_sample_has_no_status_even_when_perfect()
    {
        // 29 promoters: NPS 100 but n = 29 < 30.
        var measurement = IndicatorCalculator.Measure(IndicatorIds.Nps, Sample.Total(Sample.NpsAnswers("r", Enumerable.Repeat(10, 29).ToArray())));

        var status = IndicatorCalculator.Evaluate(Nps, measurement);

        Assert.Equal(IndicatorStatus.InsufficientSample, status.Status);
        Assert.Equal(100, status.Value);
        Assert.Equal(29, status.N);
    }

    [Fact]
    public void A_value_at_the_warn_level_is_still_ok_and_beyond_it_warns_or_alerts()
    {
        Assert.Equal(IndicatorStatus.Ok, Evaluate(30).Status);
        Assert.Equal((IndicatorStatus.Warn, (double?)30), (Evaluate(25).Status, Evaluate(25).Threshold));
        Assert.Equal((IndicatorStatus.Alert, (double?)10), (Evaluate(5).Status, Evaluate(5).Threshold));
        Assert.Equal(IndicatorStatus.InsufficientSample, Evaluate(null).Status);
    }

    [Fact]
    public void Lower_is_better_indicators_warn_when_the_value_rises()
    {
        // Complaints per 100 stays: warn above 2, alert above 4 (n = stays, minimum 100).
        var complaints = Catalogue.Get(IndicatorIds.ComplaintsPer100Stays);

        Assert.Equal(IndicatorStatus.Ok, IndicatorCalculator.Evaluate(complaints, new(1.5, 300)).Status);
        Assert.Equal(IndicatorStatus.Warn, IndicatorCalculator.Evaluate(complaints, new(3, 300)).Status);
        Assert.Equal(IndicatorStatus.Alert, IndicatorCalculator.Evaluate(complaints, new(4.5, 300)).Status);
    }

    [Fact]
    public void Thresholds_are_configurable_and_refuse_a_warn_level_worse_than_the_alert_level()
    {
        var strict = Catalogue.WithThresholds(IndicatorIds.Nps, warn: 50, alert: 40);

        Assert.Equal(IndicatorStatus.Alert, IndicatorCalculator.Evaluate(strict.Get(IndicatorIds.Nps), new(35, 100)).Status);
        Assert.Equal(IndicatorStatus.Ok, IndicatorCalculator.Evaluate(Nps, new(35, 100)).Status);
        Assert.Throws<ArgumentException>(() => Catalogue.WithThresholds(IndicatorIds.Nps, warn: 10, alert: 30));
    }

    [Fact]
    public void An_alert_is_emitted_once_on_a_status_change_and_not_while_it_holds()
    {
        const string dimension = "IsoWeek|property=P1|segment=*|channel=*";
        IndicatorStatus? kept = null;
        var alerts = new List<IndicatorAlert?>();
        // NPS per week: 40 (Ok), 25 (Warn), 20 (Warn), 5 (Alert), too few answers, 35 (Ok).
        foreach (var evaluation in new[] { Evaluate(40), Evaluate(25), Evaluate(20), Evaluate(5), Evaluate(50, n: 12), Evaluate(35) })
        {
            var decision = AlertTransitions.Decide(Nps, dimension, Week, kept, evaluation);
            kept = decision.StatusToKeep;
            alerts.Add(decision.Alert);
        }

        Assert.Null(alerts[0]);                      // a first Ok is not news
        Assert.Equal(new IndicatorAlert("nps", dimension, Week, IndicatorStatus.Ok, IndicatorStatus.Warn, 25, 30, -5), alerts[1]);
        Assert.Null(alerts[2]);                      // still Warn
        Assert.Equal(new IndicatorAlert("nps", dimension, Week, IndicatorStatus.Warn, IndicatorStatus.Alert, 5, 10, -5), alerts[3]);
        Assert.Null(alerts[4]);                      // below the minimum sample: nothing, and Alert is remembered
        Assert.Equal(new IndicatorAlert("nps", dimension, Week, IndicatorStatus.Alert, IndicatorStatus.Ok, 35, 30, 5), alerts[5]);
        Assert.Equal(IndicatorStatus.Ok, kept);
    }

    [Fact]
    public void A_first_measurement_already_in_warn_raises_an_alert()
    {
        var decision = AlertTransitions.Decide(Nps, "d", Week, lastKnown: null, Evaluate(20));

        Assert.Equal(IndicatorStatus.Warn, decision.Alert?.To);
        Assert.Equal(IndicatorStatus.Warn, decision.StatusToKeep);
    }

    [Fact]
    public void Recovering_from_alert_to_warn_reports_the_alert_level_crossed()
    {
        // NPS back to 20 from Alert: it crossed the alert level 10 upwards, gap = 20 − 10 = +10.
        var decision = AlertTransitions.Decide(Nps, "d", Week, IndicatorStatus.Alert, Evaluate(20));

        Assert.Equal((IndicatorStatus.Warn, 10.0, 10.0), (decision.Alert!.To, decision.Alert.Threshold, decision.Alert.Gap));
    }
}

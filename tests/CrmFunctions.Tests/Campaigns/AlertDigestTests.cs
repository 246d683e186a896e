using CrmFunctions.Campaigns.ManagerAlerts;
using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>The digest of a refresh as managers read it: grouped, worst first, a first evaluation as a baseline, split by property list.</summary>
public sealed class AlertDigestTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
    private static readonly Period Week = Period.Containing(PeriodKind.IsoWeek, new DateOnly(2026, 12, 5));
    private static readonly Period Month = Period.Containing(PeriodKind.Month, new DateOnly(2026, 12, 5));
    private const string Dashboard = "https://crm.example/";

    private static string Dim(Period period, string? property) =>
        $"{(period.Kind == PeriodKind.IsoWeek ? "week" : "month")}|property={property ?? "*"}|segment=*|channel=*";

    private static DigestChange Change(string indicator, Period period, string? property, IndicatorStatus from, IndicatorStatus to,
        double value, double threshold) =>
        new(indicator, indicator == "nps" ? "NPS" : indicator.ToUpperInvariant(), Dim(period, property), period, from, to, value, threshold, value - threshold);

    [Fact]
    public void The_week_and_the_month_of_one_indicator_and_property_are_one_group_week_first()
    {
        var digest = AlertDigests.Build(At, "2026-12-05T02:00:00Z",
        [
            Change("nps", Month, "paris-opera", IndicatorStatus.Ok, IndicatorStatus.Warn, 22, 30),
            Change("nps", Week, "paris-opera", IndicatorStatus.Ok, IndicatorStatus.Alert, -33.33, 10),
            Change("nps", Week, "nice-port", IndicatorStatus.Ok, IndicatorStatus.Warn, 25, 30),
        ], []);

        Assert.Equal(2, digest.Groups.Count);
        var opera = digest.Groups[0];
        Assert.Equal(("nps", "paris-opera", IndicatorStatus.Alert), (opera.Indicator, opera.Property, opera.Worst));
        Assert.Equal(["week", "month"], opera.Changes.Select(c => c.Period));
        Assert.Equal("ALERT NPS, paris-opera: week 2026-W49 ok → alert at -33.3 (level 10); month 2026-12 ok → warn at 22 (level 30)",
            DigestText.Line(opera));
        Assert.Equal("https://crm.example/api/dashboard?period=week&date=2026-11-30&property=paris-opera&indicator=nps",
            DigestText.Link(Dashboard, opera));
    }

    [Fact]
    public void Groups_come_worst_first_then_by_the_size_of_the_gap_recoveries_last()
    {
        var digest = AlertDigests.Build(At, "w",
        [
            Change("csat", Week, null, IndicatorStatus.Alert, IndicatorStatus.Ok, 85, 80),
            Change("nps", Week, "a", IndicatorStatus.Ok, IndicatorStatus.Warn, 29, 30),
            Change("effort", Week, "b", IndicatorStatus.Ok, IndicatorStatus.Warn, 3, 5),
            Change("calls", Week, "a", IndicatorStatus.Warn, IndicatorStatus.Alert, 50, 60),
        ], []);

        Assert.Equal(["calls", "effort", "nps", "csat"], digest.Groups.Select(g => g.Indicator));
    }

    [Fact]
    public void A_first_evaluation_is_counted_as_a_baseline_per_property_not_listed_as_alerts()
    {
        var digest = AlertDigests.Build(At, "first",
            [],
            [
                new FirstEvaluation("nps", Dim(Week, null), IndicatorStatus.Ok),
                new FirstEvaluation("nps", Dim(Month, null), IndicatorStatus.Warn),
                new FirstEvaluation("nps", Dim(Week, "paris-opera"), IndicatorStatus.Alert),
                new FirstEvaluation("csat", Dim(Week, "paris-opera"), IndicatorStatus.Warn),
                new FirstEvaluation("csat", Dim(Month, "paris-opera"), IndicatorStatus.Ok),
            ]);

        Assert.Empty(digest.Groups);
        Assert.Equal([new BaselineCount(null, 2, 1, 0), new BaselineCount("paris-opera", 3, 1, 1)], digest.Baseline);
        var text = DigestText.Text(digest, Dashboard);
        Assert.Equal(2, text.Split('\n').Length);
        Assert.Contains("Baseline: 5 indicator readings evaluated for the first time, 3 outside their thresholds (1 alert, 2 warn)", text,
            StringComparison.Ordinal);
        Assert.StartsWith("Barometer baseline: 3 of 5 outside their thresholds", DigestText.Subject(digest), StringComparison.Ordinal);
    }

    [Fact]
    public void The_id_is_the_same_for_a_rerun_and_differs_for_another_refresh_or_other_changes()
    {
        DigestChange[] changes = [Change("nps", Week, "a", IndicatorStatus.Ok, IndicatorStatus.Alert, 0, 10)];
        var first = AlertDigests.Build(At, "2026-12-05T02:00:00Z", changes, []);

        Assert.Equal(first.Id, AlertDigests.Build(At.AddMinutes(3), "2026-12-05T02:00:00Z", changes, []).Id);
        Assert.NotEqual(first.Id, AlertDigests.Build(At, "2026-12-05T03:00:00Z", changes, []).Id);
        Assert.NotEqual(first.Id, AlertDigests.Build(At, "2026-12-05T02:00:00Z", [changes[0] with { To = IndicatorStatus.Warn }], []).Id);
    }

    [Fact]
    public void A_digest_reads_back_from_its_message()
    {
        var digest = AlertDigests.Build(At, "w", [Change("nps", Week, "a", IndicatorStatus.Ok, IndicatorStatus.Alert, 0, 10)],
            [new FirstEvaluation("csat", Dim(Week, "b"), IndicatorStatus.Warn)]);

        var json = digest.ToJson();
        var read = AlertDigest.FromJson(json)!;

        Assert.Contains("\"kind\":\"alert-digest\"", json, StringComparison.Ordinal);
        Assert.Contains("\"to\":\"alert\"", json, StringComparison.Ordinal);
        Assert.Equal(digest.Id, read.Id);
        Assert.Equal(DigestText.Text(digest, Dashboard), DigestText.Text(read, Dashboard));
    }

    [Fact]
    public void A_property_with_its_own_list_gets_its_part_the_default_list_gets_the_rest()
    {
        var digest = AlertDigests.Build(At, "w",
        [
            Change("nps", Week, "paris-opera", IndicatorStatus.Ok, IndicatorStatus.Alert, 0, 10),
            Change("nps", Week, "nice-port", IndicatorStatus.Ok, IndicatorStatus.Warn, 25, 30),
            Change("nps", Week, null, IndicatorStatus.Ok, IndicatorStatus.Warn, 20, 30),
        ], []);
        var options = new ManagerAlertsOptions
        {
            Emails = new(StringComparer.OrdinalIgnoreCase) { ["paris_opera"] = "gm.opera@example.com; crm.opera@example.com", ["default"] = "crm@example.com" },
        };

        var emails = ManagerRecipients.EmailsOf(options, digest);

        Assert.Equal(["paris_opera", "default"], emails.Select(e => e.Key));
        Assert.Equal(["paris-opera", null], emails.Select(e => e.Property));
        Assert.Equal(["gm.opera@example.com", "crm.opera@example.com"], emails[0].Addresses);
        Assert.Equal(["paris-opera"], emails[0].Part.Groups.Select(g => g.Property));
        Assert.Equal([null, "nice-port"], emails[1].Part.Groups.Select(g => g.Property));
    }

    [Fact]
    public void Without_a_default_list_only_properties_with_a_list_get_an_email()
    {
        var digest = AlertDigests.Build(At, "w", [Change("nps", Week, "nice-port", IndicatorStatus.Ok, IndicatorStatus.Warn, 25, 30)], []);
        var options = new ManagerAlertsOptions { Emails = new(StringComparer.OrdinalIgnoreCase) { ["paris_opera"] = "gm.opera@example.com" } };

        Assert.Empty(ManagerRecipients.EmailsOf(options, digest));
    }
}

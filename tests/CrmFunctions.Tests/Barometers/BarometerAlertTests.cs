using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Barometers;

/// <summary>A status change is told once in the refresh's digest on campaign-triggers and kept in the alert history; a status that holds is not told again.</summary>
public sealed class BarometerAlertTests(AzuriteFixture azurite) : AppTest(azurite, f =>
{
    f.Settings["Barometers:Thresholds:nps:MinimumSample"] = "1";
    f.Settings["Barometers:Thresholds:nps:Warn"] = "30";
    f.Settings["Barometers:Thresholds:nps:Alert"] = "10";
})
{
    [Fact]
    public async Task Ok_to_alert_and_back_to_ok_sends_exactly_two_alerts()
    {
        var property = NewProperty();
        var dimension = $"week|property={property}|segment=*|channel=*";
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);

        await PostSurveyAsync(Client, property, now, 10);
        await RefreshAsync(Client);
        Assert.Empty(await AlertMessagesAsync(Azurite, dimension)); // a first Ok is the baseline, not news
        Assert.Contains(await BaselinesAsync(Azurite, property), b => (int)b["evaluated"]! >= 2);

        // 10, 0, 0 → (1 − 2) / 3 = −33.33: below the alert level.
        await PostSurveyAsync(Client, property, now, 0);
        await PostSurveyAsync(Client, property, now, 0);
        await RefreshAsync(Client);
        await RefreshAsync(Client); // the status holds: no second alert
        var alerts = await AlertMessagesAsync(Azurite, dimension);
        var alert = Assert.Single(alerts);
        Assert.Equal("nps", (string?)alert["indicator"]);
        Assert.Equal("ok", (string?)alert["from"]);
        Assert.Equal("alert", (string?)alert["to"]);
        Assert.Equal(-33.33, (double)alert["value"]!);
        Assert.Equal(10, (double)alert["threshold"]!);
        Assert.Equal(-43.33, (double)alert["gap"]!);

        // Five more promoters: (6 − 2) / 8 = 50, back above the warn level: one alert, alert → ok, on the warn level.
        for (var i = 0; i < 5; i++)
            await PostSurveyAsync(Client, property, now, 10);
        await RefreshAsync(Client);
        alerts = await AlertMessagesAsync(Azurite, dimension);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(("alert", "ok", 30.0), ((string)alerts[1]["from"]!, (string)alerts[1]["to"]!, (double)alerts[1]["threshold"]!));

        // The history says the same, newest first.
        var history = (await GetAsync(Client, "/api/barometers/alerts?top=50"))["alerts"]!.AsArray()
            .Where(a => (string?)a!["dimension"] == dimension).ToList();
        Assert.Equal(2, history.Count);
        Assert.All(history, a => Assert.False((bool)a!["baseline"]!));
        Assert.Equal("ok", (string?)history[0]!["to"]);
        Assert.Equal("alert", (string?)history[1]!["to"]);
        Assert.Equal(-43.33, (double)history[1]!["gap"]!);
        Assert.NotNull(history[0]!["at"]);
    }

    [Fact]
    public async Task A_first_evaluation_outside_the_thresholds_is_a_baseline_in_the_digest_not_an_alert()
    {
        var property = NewProperty();
        var dimension = $"week|property={property}|segment=*|channel=*";
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        await PostSurveyAsync(Client, property, now, 0);

        await RefreshAsync(Client);

        Assert.Empty(await AlertMessagesAsync(Azurite, dimension));
        var baseline = Assert.Single(await BaselinesAsync(Azurite, property));
        Assert.True((int)baseline["alert"]! >= 2, baseline.ToJsonString()); // NPS −100, week and month
        // The history keeps it, marked as a first evaluation.
        var history = (await GetAsync(Client, "/api/barometers/alerts?top=100"))["alerts"]!.AsArray()
            .Single(a => (string?)a!["dimension"] == dimension && (string?)a["indicator"] == "nps")!;
        Assert.Equal(("ok", "alert", true), ((string?)history["from"], (string?)history["to"], (bool)history["baseline"]!));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Barometers;

/// <summary>The read API over facts sent through intake and a refresh, against a real Azurite.</summary>
public sealed class BarometerApiTests(AzuriteFixture azurite) : AppTest(azurite, f =>
{
    // Small samples keep the hand-computed examples readable.
    f.Settings["Barometers:Thresholds:nps:MinimumSample"] = "3";
})
{
    private static readonly DateTimeOffset Week46 = new(2026, 11, 10, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Week47 = new(2026, 11, 17, 9, 0, 0, TimeSpan.FromHours(1));

    private async Task<string> SeedAsync()
    {
        var property = NewProperty();
        // Week 46: 10, 10, 9, 5 → 3 promoters, 1 detractor of 4 → NPS 50.
        foreach (var nps in new[] { 10, 10, 9, 5 })
            await PostSurveyAsync(Client, property, Week46, nps, csat: 5);
        // Week 47: 10, 8, 3, 2, 9 → 2 promoters, 2 detractors of 5 → NPS 0; one complaint about noise.
        foreach (var nps in new[] { 10, 8, 3, 9 })
            await PostSurveyAsync(Client, property, Week47, nps, csat: 4);
        await PostSurveyAsync(Client, property, Week47, 2, csat: 1, complaint: true, reason: "Noise");
        await RefreshAsync(Client);
        return property;
    }

    [Fact]
    public async Task Week_barometer_of_a_property_gives_value_margin_status_previous_trend_and_history()
    {
        var property = await SeedAsync();

        var barometer = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-18&property={property}&history=3");

        Assert.Equal("week", (string?)barometer["period"]!["kind"]);
        Assert.Equal("2026-W47", (string?)barometer["period"]!["label"]);
        Assert.Equal("2026-11-16", (string?)barometer["period"]!["start"]);
        Assert.Equal("2026-11-22", (string?)barometer["period"]!["end"]);
        Assert.Equal(property, (string?)barometer["filter"]!["property"]);
        Assert.Null(barometer["filter"]!["segment"]);
        Assert.NotNull(barometer["refreshedAt"]);
        var ids = barometer["indicators"]!.AsArray().Select(i => (string?)i!["id"]).ToList();
        Assert.Equal(["nps", "csat", "calls.service-level", "requests.per-agent-day", "complaints.per-100-stays", "skills.index"], ids);

        var nps = Indicator(barometer, "nps");
        Assert.Equal(0, (double)nps["value"]!);
        Assert.Equal(5, (long)nps["n"]!);
        // pP = pD = 0.4: SE = √(0.8 / 5) = 0.4, margin = 1.96 × 0.4 × 100.
        Assert.Equal(78.4, (double)nps["margin"]!, 2);
        Assert.Equal(3, (long)nps["minimumSample"]!);
        Assert.Equal("alert", (string?)nps["status"]);
        Assert.Equal(10, (double)nps["threshold"]!);
        Assert.Equal(30, (double)nps["warn"]!);
        Assert.Equal(10, (double)nps["alert"]!);
        Assert.Equal("points", (string?)nps["unit"]);
        Assert.Equal("higherIsBetter", (string?)nps["direction"]);
        Assert.Equal("2026-W46", (string?)nps["previous"]!["label"]);
        Assert.Equal(50, (double)nps["previous"]!["value"]!);
        Assert.Equal("down", (string?)nps["trend"]);
        Assert.False((bool)nps["trendIsGood"]!);
        var history = nps["history"]!.AsArray();
        Assert.Equal(["2026-W45", "2026-W46", "2026-W47"], history.Select(h => (string?)h!["label"]));
        Assert.Null(history[0]!["value"]);
        Assert.Equal(0, (long)history[0]!["n"]!);
        Assert.Equal(50, (double)history[1]!["value"]!);
        Assert.Equal(4, (long)history[1]!["n"]!);

        // CSAT: 4 of 5 answers at 4–5 = 80%, below the minimum sample of 30 → no status.
        var csat = Indicator(barometer, "csat");
        Assert.Equal(80, (double)csat["value"]!);
        Assert.Equal("insufficientSample", (string?)csat["status"]);
        Assert.Null(csat["trend"]);
    }

    [Fact]
    public async Task Day_and_month_periods_cover_their_days()
    {
        var property = await SeedAsync();

        var month = await GetAsync(Client, $"/api/barometers?period=month&date=2026-11-01&property={property}&history=2");
        Assert.Equal("2026-11", (string?)month["period"]!["label"]);
        // 9 answers: 5 promoters, 3 detractors → (5 − 3) / 9 = 22.22.
        Assert.Equal(22.22, (double)Indicator(month, "nps")["value"]!);
        Assert.Equal(9, (long)Indicator(month, "nps")["n"]!);

        var day = await GetAsync(Client, $"/api/barometers?period=day&date=2026-11-10&property={property}");
        Assert.Equal("2026-11-10", (string?)day["period"]!["label"]);
        Assert.Equal(4, (long)Indicator(day, "nps")["n"]!);
        Assert.Equal(8, Indicator(day, "nps")["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task Scorecard_has_one_entry_per_property_with_the_barometer_filtered()
    {
        var property = await SeedAsync();
        var other = NewProperty();
        foreach (var nps in new[] { 10, 10, 10 })
            await PostSurveyAsync(Client, other, Week47, nps);
        await RefreshAsync(Client);

        var scorecard = await GetAsync(Client, "/api/barometers/scorecard?period=week&date=2026-11-20");

        Assert.Equal("2026-W47", (string?)scorecard["period"]!["label"]);
        Assert.Contains("nps", scorecard["indicators"]!.AsArray().Select(i => (string?)i));
        var properties = scorecard["properties"]!.AsArray();
        var mine = properties.Single(p => (string?)p!["property"] == property)!;
        var theirs = properties.Single(p => (string?)p!["property"] == other)!;
        Assert.Equal(0, (double)mine["indicators"]!.AsArray().Single(i => (string?)i!["id"] == "nps")!["value"]!);
        Assert.Equal(100, (double)theirs["indicators"]!.AsArray().Single(i => (string?)i!["id"] == "nps")!["value"]!);
        Assert.Null(mine["indicators"]![0]!["history"]);
    }

    [Fact]
    public async Task Complaints_and_drivers_of_a_period()
    {
        var property = await SeedAsync();

        var complaints = await GetAsync(Client, $"/api/barometers/complaints?period=week&date=2026-11-18&property={property}");
        Assert.Equal(1, (long)complaints["count"]!);
        Assert.Null(complaints["per100Stays"]); // no stays known: no rate rather than a made-up one
        var motive = complaints["topMotives"]!.AsArray().Single()!;
        Assert.Equal("noise", (string?)motive["motive"]);
        Assert.Equal(1.0, (double)motive["share"]!);

        var drivers = await GetAsync(Client, $"/api/barometers/drivers?period=month&date=2026-11-18&property={property}");
        Assert.Equal(9, (long)drivers["n"]!);
        var touchpoints = drivers["touchpoints"]!.AsArray();
        Assert.Equal(["check-in", "room"], touchpoints.Select(t => (string?)t!["touchpoint"]).Order());
        Assert.All(touchpoints, t => Assert.Equal("correlation", (string?)t!["method"]));
        // Every answer gave the same scores: no variance, so no driver can be estimated (null, not 0).
        Assert.All(touchpoints, t => Assert.Null(t!["impact"]));
        Assert.Equal(4, (double)touchpoints.Single(t => (string?)t!["touchpoint"] == "check-in")!["mean"]!);
    }

    [Fact]
    public async Task Csv_export_has_a_header_and_one_row_per_property_and_indicator()
    {
        var property = await SeedAsync();

        var response = await Client.GetAsync($"/api/barometers/export?period=week&date=2026-11-18&property={property}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"barometer-week-2026-W47-{property}.csv", response.Content.Headers.ContentDisposition?.FileNameStar
            ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("period,start,end,property,segment,channel,indicator,label,unit,value,n,margin,status,threshold,previous,trend", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal($"2026-W47,2026-11-16,2026-11-22,{property},*,*,nps,NPS,points,0,5,78.4,alert,10,50,down", lines[1]);
        // No calls: no value (an empty field), n = 0.
        Assert.Contains(lines, l => l.Contains(",requests.per-agent-day,Requests per agent per day,perAgentDay,,0,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/barometers?date=2026-11-18", "period")]
    [InlineData("/api/barometers?period=year", "period")]
    [InlineData("/api/barometers?period=week&date=18/11/2026", "date")]
    [InlineData("/api/barometers?period=week&history=0", "history")]
    [InlineData("/api/barometers?period=week&history=many", "history")]
    [InlineData("/api/barometers/scorecard?period=fortnight", "period")]
    [InlineData("/api/barometers/export?period=week&date=2026-13-01", "date")]
    [InlineData("/api/barometers/alerts?top=-1", "top")]
    [InlineData("/api/barometers?period=week&date=0001-01-01", "date")]
    [InlineData("/api/barometers?period=month&date=9999-12-31", "date")]
    [InlineData("/api/barometers?period=day&date=1899-12-31", "date")]
    [InlineData("/api/barometers/scorecard?period=week&date=9999-12-31", "date")]
    [InlineData("/api/barometers/drivers?period=month&date=9999-12-31", "date")]
    [InlineData("/api/barometers/complaints?period=week&date=0001-01-01", "date")]
    [InlineData("/api/barometers/export?period=month&date=2200-01-01", "date")]
    public async Task Bad_parameters_are_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        var response = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Theory]
    [InlineData("day")]
    [InlineData("week")]
    [InlineData("month")]
    public async Task Every_read_route_answers_for_the_first_and_last_supported_days(string period)
    {
        foreach (var date in new[] { "1900-01-01", "2199-12-31" })
            foreach (var route in new[] { "/api/barometers", "/api/barometers/scorecard", "/api/barometers/drivers",
                "/api/barometers/complaints", "/api/barometers/export" })
            {
                var response = await Client.GetAsync($"{route}?period={period}&date={date}&history=60");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route} {period} {date}: {(int)response.StatusCode}");
            }
    }

    [Fact]
    public async Task The_timer_function_runs_the_same_refresh_as_the_host_would_invoke_it()
    {
        var property = NewProperty();
        await PostSurveyAsync(Client, property, Week47, 10);
        await PostSurveyAsync(Client, property, Week47, 9);
        await PostSurveyAsync(Client, property, Week47, 0);

        var invocation = File.ReadAllText("TestData/timer-invocation.json").Replace("TimerForTests", "RefreshBarometers");
        var response = await Client.PostAsync("/RefreshBarometers", Signing.Json(invocation));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Barometers refreshed", await response.Content.ReadAsStringAsync());
        var week = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(3, (long)Indicator(week, "nps")["n"]!);
        Assert.Equal(33.33, (double)Indicator(week, "nps")["value"]!);
    }

    [Fact]
    public async Task Refresh_reports_what_it_read_and_a_second_refresh_reads_only_what_is_new()
    {
        var property = NewProperty();
        await PostSurveyAsync(Client, property, Week47, 9);
        var first = await RefreshAsync(Client);
        Assert.True((int)first["factsRead"]! >= 1);
        Assert.True((int)first["daysUpdated"]! >= 1);
        Assert.NotNull(first["watermark"]);

        var second = await RefreshAsync(Client);
        // Only the facts inside the safety margin are read again, and they change nothing.
        Assert.Equal(0, (int)second["daysUpdated"]!);

        var stored = await Azurite.CreateServices().GetTableClient(TableNames.Barometers).GetEntityOrDefaultAsync("refresh", "state");
        Assert.NotNull(stored!.GetDateTimeOffset("Watermark"));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmFunctions.Browser.Tests;

/// <summary>
/// The dashboard opened in headless Chromium against seeded data: what it shows equals what the barometer API answers,
/// it is usable on a phone, and it reads the API with the key it was opened with.
/// </summary>
public sealed class DashboardPageTests(SeededDashboard seeded) : IClassFixture<SeededDashboard>
{
    private static readonly string[] StatusTexts = ["OK", "Warning", "Alert", "Too few answers"];

    [Fact]
    public async Task Tiles_scorecard_drivers_complaints_and_alerts_show_the_api_figures()
    {
        var query = $"period=week&date={seeded.Date}";
        var barometer = await seeded.GetJsonAsync($"/api/barometers?{query}&history=8");
        var scorecard = await seeded.GetJsonAsync($"/api/barometers/scorecard?{query}");
        var drivers = await seeded.GetJsonAsync($"/api/barometers/drivers?{query}");
        var complaints = await seeded.GetJsonAsync($"/api/barometers/complaints?{query}");
        var alerts = await seeded.GetJsonAsync("/api/barometers/alerts?top=20");

        await using var context = await seeded.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await OpenAsync(page, $"/api/dashboard?{query}");

        Assert.Equal((string)barometer["period"]!["label"]!, (await page.Locator("#period-label").TextContentAsync())!.Split(' ')[0]);
        var indicators = barometer["indicators"]!.AsArray();
        Assert.NotEmpty(indicators);
        Assert.Equal(indicators.Count, await page.Locator("#tiles > li[data-indicator]").CountAsync());
        foreach (var indicator in indicators)
        {
            var id = (string)indicator!["id"]!;
            var tile = page.Locator($"#tiles > li[data-indicator='{id}']");
            AssertFigure(indicator["value"], await tile.Locator("[data-field=value]").TextContentAsync(), $"{id} value");
            Assert.Equal((int)indicator["n"]!, int.Parse((await tile.Locator("[data-field=n]").TextContentAsync())!, CultureInfo.InvariantCulture));
            if (indicator["margin"] is { } margin)
                AssertFigure(margin, await tile.Locator("[data-field=margin]").TextContentAsync(), $"{id} margin");
            var status = (string?)indicator["status"];
            Assert.Equal(status ?? "none", await tile.GetAttributeAsync("data-status"));
            // A status is said in words, not by colour alone.
            var badge = (await tile.Locator(".status").InnerTextAsync()).Trim();
            Assert.Contains(StatusTexts, text => badge.EndsWith(text, StringComparison.Ordinal));
            var history = indicator["history"]!.AsArray();
            var points = history.Count(h => h!["value"] is not null);
            Assert.Equal(points.ToString(CultureInfo.InvariantCulture), await tile.Locator("svg.sparkline").GetAttributeAsync("data-points"));
            if ((string?)indicator["trend"] is { } trend)
            {
                var arrow = tile.Locator(".trend");
                Assert.Equal(trend, await arrow.GetAttributeAsync("data-trend"));
                var judged = (bool?)indicator["trendIsGood"] switch { true => "good", false => "bad", null => "neutral" };
                Assert.Equal(judged, await arrow.GetAttributeAsync("data-judged"));
            }
        }

        var properties = scorecard["properties"]!.AsArray();
        Assert.NotEmpty(properties);
        Assert.Equal(properties.Count, await page.Locator("#scorecard tbody tr").CountAsync());
        foreach (var property in properties)
        {
            var row = page.Locator($"#scorecard tbody tr[data-property='{(string)property!["property"]!}']");
            foreach (var indicator in property["indicators"]!.AsArray())
                AssertFigure(indicator!["value"], await row.Locator($"td[data-indicator='{(string)indicator["id"]!}'] [data-field=value]").TextContentAsync(),
                    $"scorecard {(string)property["property"]!} {(string)indicator["id"]!}");
        }

        var touchpoints = drivers["touchpoints"]!.AsArray();
        Assert.Equal(touchpoints.Select(t => (string)t!["touchpoint"]!),
            await page.Locator("#drivers tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.touchpoint)"));
        foreach (var touchpoint in touchpoints)
        {
            var row = page.Locator($"#drivers tbody tr[data-touchpoint='{(string)touchpoint!["touchpoint"]!}']");
            AssertFigure(touchpoint["mean"], await row.Locator("[data-field=mean]").TextContentAsync(), "driver mean", 0.005);
            AssertFigure(touchpoint["impact"], await row.Locator("[data-field=impact]").TextContentAsync(), "driver impact", 0.005);
        }

        Assert.Equal((int)complaints["count"]!, int.Parse((await page.Locator("#complaints-summary [data-field=count]").TextContentAsync())!, CultureInfo.InvariantCulture));
        AssertFigure(complaints["per100Stays"], await page.Locator("#complaints-summary [data-field=per100Stays]").TextContentAsync(), "per 100 stays");
        var motives = complaints["topMotives"]!.AsArray();
        Assert.Equal(motives.Select(m => (string)m!["motive"]!),
            await page.Locator("#motives tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.motive)"));
        foreach (var motive in motives)
        {
            var row = page.Locator($"#motives tbody tr[data-motive='{(string)motive!["motive"]!}']");
            Assert.Equal((int)motive["count"]!, int.Parse((await row.Locator("[data-field=count]").TextContentAsync())!, CultureInfo.InvariantCulture));
        }

        var alertCount = alerts["alerts"]!.AsArray().Count;
        Assert.Equal(alertCount, await page.Locator("#alerts li[data-indicator]").CountAsync());

        var export = await page.Locator("#export").GetAttributeAsync("href");
        Assert.Equal($"barometers/export?{query}", export);
        using var csv = await seeded.Api.GetAsync("/api/" + export);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);

        // Everything the page loads comes from the app itself: no CDN.
        Assert.All(requests, url => Assert.StartsWith(seeded.BaseAddress.ToString(), url, StringComparison.Ordinal));
        await page.ScreenshotAsync(new() { Path = Path.Combine(seeded.ScreenshotDirectory, "dashboard.png"), FullPage = true });
    }

    [Fact]
    public async Task Choosing_a_property_shows_that_propertys_barometer()
    {
        var scorecard = await seeded.GetJsonAsync($"/api/barometers/scorecard?period=month&date={seeded.Date}");
        var property = (string)scorecard["properties"]!.AsArray().Last()!["property"]!;
        var expected = await seeded.GetJsonAsync($"/api/barometers?period=month&date={seeded.Date}&property={property}&history=8");

        await using var context = await seeded.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await OpenAsync(page, $"/api/dashboard?period=month&date={seeded.Date}");
        await page.Locator("#property").SelectOptionAsync(property);
        await page.WaitForFunctionAsync("p => document.body.dataset.state === 'ready' && new URLSearchParams(location.search).get('property') === p", property);

        Assert.Contains(property, await page.Locator("#period-label").TextContentAsync());
        foreach (var indicator in expected["indicators"]!.AsArray())
            AssertFigure(indicator!["value"], await page.Locator($"#tiles > li[data-indicator='{(string)indicator["id"]!}'] [data-field=value]").TextContentAsync(),
                $"{property} {(string)indicator["id"]!}");
        Assert.Contains($"property={property}", await page.Locator("#export").GetAttributeAsync("href"));
    }

    [Fact]
    public async Task A_link_from_an_alert_digest_opens_its_property_and_period_with_the_indicator_marked()
    {
        var scorecard = await seeded.GetJsonAsync($"/api/barometers/scorecard?period=month&date={seeded.Date}");
        var property = (string)scorecard["properties"]!.AsArray().Last()!["property"]!;

        await using var context = await seeded.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await OpenAsync(page, $"/api/dashboard?period=month&date={seeded.Date}&property={property}&indicator=nps");

        Assert.Equal("month", await page.Locator("#period").InputValueAsync());
        Assert.Contains(property, await page.Locator("#period-label").TextContentAsync());
        Assert.Equal(["nps"], await page.Locator("#tiles > li.focused").EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.indicator)"));
    }

    [Fact]
    public async Task On_a_phone_the_page_fits_the_screen_width()
    {
        await using var context = await seeded.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await OpenAsync(page, $"/api/dashboard?period=week&date={seeded.Date}");

        // A mobile browser widens its layout viewport to fit content that overflows: compare with the screen itself.
        var width = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, window.innerWidth)");
        // What sticks out, outside the frames that scroll on purpose, to say what to fix.
        var widest = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.scroll'))
                .slice(0, 5).map(e => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`).join(', ')
            """);
        Assert.True(width <= 390, $"the page is {width} px wide on a 390 px phone screen: {widest}");
        var tile = await page.Locator("#tiles > li").First.BoundingBoxAsync();
        Assert.NotNull(tile);
        Assert.InRange(tile.Width, 300, 390);
        // Wide tables scroll inside their own region rather than widening the page.
        Assert.Equal("auto", await page.Locator(".scroll").EvaluateAsync<string>("e => getComputedStyle(e).overflowX"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(seeded.ScreenshotDirectory, "dashboard-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task The_page_calls_the_api_with_the_key_it_was_opened_with()
    {
        await using var context = await seeded.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var keys = new List<(string Url, string? Key)>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/barometers", StringComparison.Ordinal))
                keys.Add((request.Url, request.Headers.GetValueOrDefault("x-functions-key")));
        };
        await OpenAsync(page, $"/api/dashboard?period=day&date={seeded.Date}&code=the-function-key");

        Assert.Equal(5, keys.Count);
        Assert.All(keys, k => Assert.Equal("the-function-key", k.Key));
        Assert.All(keys, k => Assert.DoesNotContain("the-function-key", k.Url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_opened_with_the_key_in_a_header_uses_it_too()
    {
        await using var context = await seeded.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // As behind a proxy that adds the key: only the page request carries it; the page must pass it on.
        await page.RouteAsync("**/api/dashboard?*", route => route.ContinueAsync(new()
        {
            Headers = new Dictionary<string, string>(route.Request.Headers) { ["x-functions-key"] = "header-key" },
        }));
        var keys = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/barometers", StringComparison.Ordinal))
                keys.Add(request.Headers.GetValueOrDefault("x-functions-key"));
        };
        await OpenAsync(page, $"/api/dashboard?period=week&date={seeded.Date}");

        Assert.Equal(5, keys.Count);
        Assert.All(keys, key => Assert.Equal("header-key", key));
    }

    private async Task OpenAsync(IPage page, string path)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                errors.Add($"{response.Status} {response.Url}");
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Add(message.Text);
        };
        await page.GotoAsync(new Uri(seeded.BaseAddress, path).ToString());
        await page.WaitForFunctionAsync("() => ['ready', 'error'].includes(document.body.dataset.state)");
        var state = await page.EvaluateAsync<string>("() => document.body.dataset.state");
        Assert.True(state == "ready", $"the page did not load: {await page.Locator("#message").TextContentAsync()} {string.Join("; ", errors)}");
        Assert.Empty(errors);
    }

    /// <summary>The page shows one decimal (none for a whole number) and a dash for no figure.</summary>
    private static void AssertFigure(JsonNode? expected, string? shown, string what, double tolerance = 0.05)
    {
        if (expected is null)
        {
            Assert.Equal("–", shown);
            return;
        }
        Assert.True(double.TryParse(shown, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), $"{what}: shows '{shown}'");
        Assert.True(Math.Abs(value - (double)expected) <= tolerance + 1e-9, $"{what}: shows {shown}, the API says {expected}");
    }
}

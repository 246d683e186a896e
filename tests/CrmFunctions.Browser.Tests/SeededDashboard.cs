using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.SampleData;
using CrmFunctions.Testing;
using Microsoft.Playwright;

namespace CrmFunctions.Browser.Tests;

/// <summary>
/// Once for the browser tests: an Azurite, the app on a real port against it, a small hotel group sent through the
/// public API by the sample-data generator, a barometer refresh, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class SeededDashboard : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["surveys"] = "browser-surveys-secret",
        ["interactions"] = "browser-interactions-secret",
        ["campaign-events"] = "browser-campaign-events-secret",
        ["staff"] = "browser-staff-secret",
    };

    private readonly AzuriteFixture _azurite = new();
    private AppProcess? _app;
    private IPlaywright? _playwright;

    public Uri BaseAddress => _app!.BaseAddress;

    public HttpClient Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A day of last week: a whole week of data behind it, whatever weekday the tests run on.</summary>
    public string Date { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7).ToString("yyyy-MM-dd");

    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public string AppOutput => _app?.Output ?? "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: install Debian's Chromium (`apt-get install -y chromium`; scripts/test.sh does it).");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await _azurite.InitializeAsync();
        var settings = new Dictionary<string, string>
        {
            ["CrmStorage"] = _azurite.ConnectionString,
            ["Privacy__KeySecret"] = "browser-test-guest-key-secret-0123456789",
            // Nothing here needs the contact pipeline; the barometer is refreshed on demand below.
            ["Runner__Enabled"] = "false",
        };
        foreach (var (source, secret) in Secrets)
            settings[SettingNames.WebhookSecret(source)] = secret;
        _app = await AppProcess.StartAsync(settings, timeout.Token);
        Api = new HttpClient { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        var plan = SamplePlan.Build(guestCount: 300, days: 35, seed: 11, DateTimeOffset.UtcNow);
        await plan.SendAsync(new ApiClient(Api, Secrets), (_, _, _) => { }, null, timeout.Token);
        using var refresh = await Api.PostAsync("/api/barometers/refresh", null, timeout.Token);
        Assert.True(refresh.IsSuccessStatusCode, $"refresh answered {(int)refresh.StatusCode}: {await refresh.Content.ReadAsStringAsync(timeout.Token)}");

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox"],
        });
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        var json = await Api.GetFromJsonAsync<JsonObject>(path);
        return json ?? throw new InvalidOperationException($"{path} answered no JSON");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

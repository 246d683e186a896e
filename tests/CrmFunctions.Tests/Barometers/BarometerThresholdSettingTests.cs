using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Barometers;

/// <summary>
/// An indicator's levels are set under the name App Service on Linux passes on: its id with '.' and '-' written '_'
/// (Barometers__Thresholds__calls_service_level__Warn for "calls.service-level").
/// </summary>
public sealed class BarometerThresholdSettingTests(AzuriteFixture azurite) : AppTest(azurite, f =>
{
    f.Settings[Key(SettingNames.BarometerThreshold(ServiceLevel, "Warn"))] = "95";
    f.Settings[Key(SettingNames.BarometerThreshold(ServiceLevel, "Alert"))] = "92";
    f.Settings[Key(SettingNames.BarometerThreshold(ServiceLevel, "MinimumSample"))] = "1";
})
{
    private const string ServiceLevel = "calls.service-level";
    private static readonly DateTimeOffset Week47 = new(2026, 11, 17, 9, 0, 0, TimeSpan.FromHours(1));

    /// <summary>The configuration key an app setting becomes ("__" read as ":").</summary>
    private static string Key(string setting) => SettingKeys.Of(setting);

    [Fact]
    public async Task Levels_set_under_the_underscored_name_decide_the_status()
    {
        var property = NewProperty();
        // 9 of 10 calls answered within 15 s: 90%, fine by the catalogue's 80 / 70, below the alert level set here.
        for (var i = 0; i < 10; i++)
            await PostCallAsync(Client, property, $"call-{property}-{i}", Week47.AddMinutes(i), waitSeconds: i == 0 ? 40 : 5);
        await RefreshAsync(Client);

        var indicator = Indicator(await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}"), ServiceLevel);
        Assert.Equal(90, (double)indicator["value"]!);
        Assert.Equal("alert", (string?)indicator["status"]);
        Assert.Equal(92, (double)indicator["threshold"]!);
        Assert.Equal(95, (double)indicator["warn"]!);
    }

    [Fact]
    public void An_app_given_the_id_as_written_does_not_start_and_names_the_setting_to_use()
    {
        using var factory = new CrmAppFactory(Azurite);
        factory.Settings["Barometers:Thresholds:calls.service-level:Warn"] = "95";

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains("Barometers__Thresholds__calls_service_level__", error.Message);
    }
}

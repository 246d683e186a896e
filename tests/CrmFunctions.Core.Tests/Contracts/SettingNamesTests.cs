using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Core.Tests.Contracts;

public class SettingNamesTests
{
    [Theory]
    [InlineData("surveys", "Webhooks__Secrets__surveys")]
    [InlineData("campaign-events", "Webhooks__Secrets__campaign_events")]
    [InlineData("pms_export", "Webhooks__Secrets__pms_export")]
    public void A_webhook_secret_setting_keeps_only_what_app_service_on_linux_passes_on(string source, string setting)
    {
        Assert.Equal(setting, SettingNames.WebhookSecret(source));
        Assert.Matches("^[A-Za-z0-9_]+$", SettingNames.WebhookSecret(source));
    }

    [Theory]
    [InlineData("nps", "Barometers__Thresholds__nps__Warn")]
    [InlineData("calls.service-level", "Barometers__Thresholds__calls_service_level__Warn")]
    [InlineData("touchpoint.check-in", "Barometers__Thresholds__touchpoint_check_in__Warn")]
    public void A_threshold_setting_keeps_only_what_app_service_on_linux_passes_on(string indicatorId, string setting)
    {
        Assert.Equal(setting, SettingNames.BarometerThreshold(indicatorId, "Warn"));
    }

    [Fact]
    public void Every_indicator_of_the_catalogue_has_a_threshold_key_of_its_own_that_finds_it_again()
    {
        var catalogue = IndicatorCatalogue.CreateDefault();
        var keys = catalogue.All.Select(d => SettingNames.BarometerThresholdKey(d.Id)).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(catalogue.All, d => Assert.Equal(d.Id, catalogue.FindBySettingKey(SettingNames.BarometerThresholdKey(d.Id))?.Id));
    }
}

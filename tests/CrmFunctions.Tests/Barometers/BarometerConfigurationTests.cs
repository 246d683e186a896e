using CrmFunctions.Barometers;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Tests.Barometers;

/// <summary>What an operator's Barometers__Thresholds__… settings do to the barometer, and the start-up message of a wrong one.</summary>
public sealed class BarometerConfigurationTests
{
    private static BarometerSettings Read(params (string Setting, string Value)[] settings) =>
        BarometerConfiguration.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(SettingKeys.Of(s.Setting), (string?)s.Value)))
            .Build());

    private static string Refusal(params (string Setting, string Value)[] settings) =>
        Assert.Throws<InvalidOperationException>(() => Read(settings)).Message;

    [Fact]
    public void Levels_of_an_indicator_are_read_under_its_id_with_dots_and_hyphens_written_underscores()
    {
        var catalogue = Read(
            ("Barometers__Thresholds__complaints_per_100_stays__Warn", "1.5"),
            ("Barometers__Thresholds__complaints_per_100_stays__Alert", "3"),
            ("Barometers__Thresholds__csat_top_box__MinimumSample", "12")).Catalogue;

        Assert.Equal((1.5, 3.0), (catalogue.Get(IndicatorIds.ComplaintsPer100Stays).Warn, catalogue.Get(IndicatorIds.ComplaintsPer100Stays).Alert));
        Assert.Equal(12, catalogue.Get(IndicatorIds.CsatTopBox).MinimumSample);
        Assert.Equal(50, catalogue.Get(IndicatorIds.CsatTopBox).Warn); // a level not set keeps the catalogue's
    }

    [Fact]
    public void A_touchpoint_outside_the_catalogue_is_named_with_underscores_too()
    {
        var catalogue = Read(("Barometers__Thresholds__touchpoint_late_check_out__Alert", "3.2")).Catalogue;

        Assert.Equal(3.2, catalogue.Get("touchpoint.late-check-out").Alert);
    }

    [Fact]
    public void The_id_as_written_is_refused_with_the_name_that_works_everywhere()
    {
        var message = Refusal(("Barometers__Thresholds__calls.service-level__Warn", "85"));

        Assert.Contains("Barometers__Thresholds__calls.service-level__", message);
        Assert.Contains("Barometers__Thresholds__calls_service_level__", message);
    }

    [Fact]
    public void What_app_service_on_linux_makes_of_the_id_as_written_is_refused_with_the_setting_meant()
    {
        // Set in Azure as Barometers__Thresholds__calls.service-level__Warn, it reaches the app without its '-'.
        var message = Refusal(("Barometers__Thresholds__calls_servicelevel__Warn", "85"));

        Assert.Contains("calls_servicelevel", message);
        Assert.Contains("Barometers__Thresholds__calls_service_level__Warn", message);
    }

    [Fact]
    public void A_misspelt_level_is_refused_rather_than_ignored()
    {
        var message = Refusal(("Barometers__Thresholds__nps__Warning", "35"));

        Assert.Contains("Barometers__Thresholds__nps__Warning", message);
    }
}

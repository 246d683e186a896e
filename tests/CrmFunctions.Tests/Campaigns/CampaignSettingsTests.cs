using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>
/// A campaign setting that would only fail when a message is sent (a zone that does not exist, a misspelt destination,
/// an address that is not one) stops the app at start-up, named, instead of parking every trigger of the night.
/// </summary>
public sealed class CampaignSettingsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData("Campaigns:TimeZone", "Europe/Atlantis", "Campaigns__TimeZone")]
    [InlineData("Campaigns:TimeZones:paris_opera", "CET+1", "Campaigns__TimeZones__paris_opera")]
    [InlineData("Campaigns:Destinations:welcome", "mailchimp", "Campaigns__Destinations__welcome")]
    [InlineData("Campaigns:Alerts:WebhookUrl", "hooks.slack.com/services/T0", "Campaigns__Alerts__WebhookUrl")]
    [InlineData("Campaigns:Brevo:BaseUrl", "ftp://api.brevo.com", "Campaigns__Brevo__BaseUrl")]
    [InlineData("Campaigns:MaxPerGuestPerWeek", "-1", "Campaigns__MaxPerGuestPerWeek")]
    public void An_app_given_a_bad_campaign_setting_does_not_start_and_names_it(string key, string value, string setting)
    {
        using var factory = new CrmAppFactory(azurite);
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public async Task An_app_with_zones_per_property_and_both_destinations_starts()
    {
        using var factory = new CrmAppFactory(azurite);
        factory.Settings["Campaigns:TimeZones:lisbon_baixa"] = "Europe/Lisbon";
        factory.Settings["Campaigns:Destinations:welcome"] = "webhook";
        factory.Settings["Campaigns:Destinations:service_recovery"] = "brevo";
        factory.Settings["Campaigns:Alerts:WebhookUrl"] = "https://hooks.slack.com/services/T000/B000/XXXX";

        var response = await factory.CreateClient().GetAsync("/api/campaigns/triggers");

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
    }
}

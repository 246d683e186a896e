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
}

using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Privacy;

/// <summary>A retention that would delete too much, or that is no number, stops the app at start-up, named.</summary>
public sealed class RetentionSettingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData("Privacy:RawRetentionDays", "7", "Privacy__RawRetentionDays")]
    [InlineData("Privacy:RawRetentionDays", "100000", "Privacy__RawRetentionDays")]
    [InlineData("Privacy:FactRetentionDays", "0", "Privacy__FactRetentionDays")]
    [InlineData("Privacy:FactRetentionDays", "three years", "Privacy__FactRetentionDays")]
    public void An_app_given_a_bad_retention_does_not_start_and_names_the_setting(string key, string value, string setting)
    {
        using var factory = new CrmAppFactory(azurite);
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(setting, error.Message);
    }
}

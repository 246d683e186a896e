using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Tests.Barometers.BarometerTestData;
using static CrmFunctions.Tests.Privacy.PrivacyTestData;

namespace CrmFunctions.Tests.Privacy;

/// <summary>
/// A guest's facts are filed under one key whatever form their e-mail or phone came in, so an erasure finds them
/// from any form; the key says nothing of the contact point.
/// </summary>
public sealed class GuestKeyTests(AzuriteFixture azurite) : AppTest(azurite, f => f.Settings["Pipeline:DefaultCountry"] = "FR")
{
    [Fact]
    public void One_guest_key_for_every_form_of_a_phone_and_of_an_e_mail()
    {
        var keys = Factory.Services.GetRequiredService<GuestKeyer>();

        Assert.Single(new[] { "06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678" }.Select(p => keys.Of(null, p)).Distinct());
        Assert.Equal(keys.Of("jane.doe@example.com", null), keys.Of("Jane.Doe@Example.com ", null));
        Assert.Equal([keys.OfEmail("jane.doe@example.com")!, keys.OfPhone("06 12 34 56 78", null)!],
            keys.AllOf(["Jane.Doe@Example.com ", "jane.doe@example.com"], ["+33 6 12 34 56 78", "0033612345678"]));
    }

    [Fact]
    public async Task Forgetting_a_guest_by_a_phone_typed_otherwise_takes_out_the_stays_it_arrived_with()
    {
        var property = NewProperty();
        var digits = NewMobileDigits();
        await PostContactsAsync(Client, GuestWithStay(null, National(digits), property, "R-1"));
        await RefreshAsync(Client);
        Assert.Equal(1, await StaysCountedAsync(Client, property));
        var stay = await Azurite.CreateServices().GetTableClient(TableNames.Stays)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"PropertyId eq {property}")).SingleAsync();
        Assert.DoesNotContain(digits[2..], stay.GetString("GuestKey"));

        var output = new StringWriter();
        var exit = await BarometersCommand.RunAsync(["forget", "--phone", International(digits)], OperatorSettings(Azurite), output,
            CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("1 fact(s) of the guest taken out", output.ToString());
        Assert.DoesNotContain(digits[2..], output.ToString());
        Assert.Equal(0, await StaysCountedAsync(Client, property));
    }

    [Theory]
    [InlineData("", "is not set")]
    [InlineData("short-secret", "is too short")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-crm.vault.azure.net/secrets/guest-key-secret)", "is a Key Vault reference that was not resolved")]
    public void An_app_without_a_usable_key_secret_does_not_start_and_names_the_setting(string secret, string problem)
    {
        using var factory = new CrmAppFactory(Azurite);
        factory.Settings["Privacy:KeySecret"] = secret;

        var failures = string.Join("\n", SettingsFailures.Of(Assert.ThrowsAny<Exception>(() => factory.CreateClient())));

        Assert.Contains($"Setting {SettingNames.PrivacyKeySecret} {problem}", failures);
    }
}

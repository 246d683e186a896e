using CrmFunctions.Barometers;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Pipeline;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Pipeline;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Tests.Barometers.BarometerTestData;
using static CrmFunctions.Tests.Privacy.PrivacyTestData;

namespace CrmFunctions.Tests.Privacy;

/// <summary>
/// "privacy rekey" moves what earlier versions filed under bare hashes of the e-mail or phone as typed to the keyed
/// guest keys, so that an erasure finds it; a second run changes nothing.
/// </summary>
public sealed class RekeyTests(AzuriteFixture azurite) : AppTest(azurite, f => f.Settings["Pipeline:DefaultCountry"] = "FR")
{
    [Fact]
    public async Task After_a_rekey_forget_takes_out_the_stays_counted_under_the_former_keys_and_a_second_rekey_changes_nothing()
    {
        var property = NewProperty();
        var digits = NewMobileDigits();
        var typedEmail = $"Jane.Doe.{digits}@Example.com";
        // One guest, two stays: one arrived with the e-mail, the other with the phone only.
        await PostContactsAsync(Client,
            GuestWithStay(typedEmail, National(digits), property, "R-1"),
            GuestWithStay(null, National(digits), property, "R-2"));
        var guest = PipelineStores.Contact("pms", "G-" + digits, new ContactInput
        {
            GivenName = "Jane", FamilyName = "Doe", Emails = [typedEmail], Phones = [National(digits)],
        });
        var id = ContactIds.For(guest.Origin!);
        await new GoldenRecordStore(Azurite.CreateServices().GetTableClient(TableNames.Contacts))
            .UpdateAsync(id, _ => new Survivorship().Create(id, guest), CancellationToken.None);
        await RefreshAsync(Client);
        Assert.Equal(2, await StaysCountedAsync(Client, property));
        await FileUnderFormerKeysAsync(property, LegacyGuestKeys.Of(typedEmail, null)!, LegacyGuestKeys.Of(null, National(digits))!);
        var refresher = Factory.Services.GetRequiredService<BarometerRefresher>();
        Assert.Equal(0, await refresher.ForgetGuestAsync(typedEmail, International(digits), CancellationToken.None));

        var first = await RekeyAsync();
        var second = await RekeyAsync();

        Assert.Contains("re-keyed: 2 stays, 2 ledger facts, 2 ledger guest rows, 0 pending changes (6 rows changed)", first);
        Assert.Contains("(0 rows changed)", second);
        Assert.DoesNotContain(digits, first + second);
        Assert.Equal(2, await refresher.ForgetGuestAsync(typedEmail.ToLowerInvariant(), International(digits), CancellationToken.None));
        Assert.Equal(0, await StaysCountedAsync(Client, property));
        var keys = Factory.Services.GetRequiredService<GuestKeyer>();
        var stays = await Azurite.CreateServices().GetTableClient(TableNames.Stays)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"PropertyId eq {property}")).ToListAsync();
        Assert.Equal([keys.OfEmail(typedEmail), keys.OfPhone(International(digits), null)],
            stays.OrderBy(s => s.GetString("ReservationId")).Select(s => s.GetString("GuestKey")));
    }

    /// <summary>
    /// The state an earlier version left: each stay row and its ledger fact under the bare hash of the e-mail (first
    /// stay) or of the phone's digits as typed (second), the guest index rows in the tables those hashes pick.
    /// </summary>
    private async Task FileUnderFormerKeysAsync(string property, string emailHash, string phoneHash)
    {
        var stays = Azurite.CreateServices().GetTableClient(TableNames.Stays);
        var ledger = Factory.Services.GetRequiredService<BarometerLedger>();
        var rows = await stays.QueryRowsAsync(TableClient.CreateQueryFilter($"PropertyId eq {property}")).ToListAsync();
        foreach (var row in rows)
        {
            var former = row.GetString("ReservationId") == "R-1" ? emailHash : phoneHash;
            var fact = "y|" + row.RowKey;
            var entry = (await ledger.ReadAsync([fact], CancellationToken.None))[fact];
            await ledger.DeleteGuestIndexAsync(entry.GuestKey!, [fact], CancellationToken.None);
            await ledger.WriteAsync([entry with { GuestKey = former }], CancellationToken.None);
            await stays.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["GuestKey"] = former }, ETag.All);
        }
    }

    private async Task<string> RekeyAsync()
    {
        var output = new StringWriter();
        Assert.Equal(0, await RekeyCommand.RunAsync(["rekey"], OperatorSettings(Azurite), output, CancellationToken.None));
        return output.ToString();
    }
}

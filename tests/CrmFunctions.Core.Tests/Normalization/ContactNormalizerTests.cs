using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Normalization;

public class ContactNormalizerTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);
    private static readonly ContactNormalizer Normalizer = new(new NormalizationOptions { DefaultCountry = "FR", Today = Today });
    private static readonly ContactOrigin Origin = new("pms", "G-1042", new DateTimeOffset(2025, 6, 15, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Phones_use_the_contact_country_before_the_property_country()
    {
        var belgian = Normalizer.Normalize(new ContactInput { Country = "Belgique", Phones = ["0470 12 34 56"] });
        var unknown = Normalizer.Normalize(new ContactInput { Phones = ["06 12 34 56 78"] });

        Assert.Equal("+32470123456", belgian.Phones.Single().E164);
        Assert.Equal("BE", belgian.Country);
        Assert.Equal("+33612345678", unknown.Phones.Single().E164);
    }

    [Fact]
    public void Invalid_values_are_left_out_with_their_reason()
    {
        var contact = Normalizer.Normalize(new ContactInput
        {
            Emails = ["jean.dupont.gmail.com"],
            Phones = ["06 12 34"],
            Address = new PostalAddress { PostalCode = "7500", City = "Paris" },
            Country = "Atlantis",
        });

        Assert.Empty(contact.Emails);
        Assert.Empty(contact.Phones);
        Assert.Null(contact.Address!.PostalCode);
        Assert.Contains(contact.Rejected, r => r.Field == "emails" && r.Reason == "missing-at");
        Assert.Contains(contact.Rejected, r => r.Field == "phones" && r.Reason is "too-short" or "invalid-number");
        Assert.Contains(contact.Rejected, r => r.Field == "address.postalCode" && r.Reason == "invalid-format-fr");
        Assert.Contains(contact.Rejected, r => r.Field == "country" && r.Reason == "unknown-country");
    }

    [Theory]
    [InlineData(2026, 1, 1, "in-future")]
    [InlineData(1899, 12, 31, "before-1900")]
    public void Impossible_birth_dates_are_rejected(int year, int month, int day, string reason)
    {
        var contact = Normalizer.Normalize(new ContactInput { BirthDate = new DateOnly(year, month, day) });

        Assert.Null(contact.BirthDate);
        Assert.Equal(reason, contact.Rejected.Single(r => r.Field == "birthDate").Reason);
    }

    [Fact]
    public void A_plausible_birth_date_is_kept_and_today_comes_from_the_options()
    {
        var birthday = new DateOnly(2025, 6, 15);
        Assert.Equal(birthday, Normalizer.Normalize(new ContactInput { BirthDate = birthday }).BirthDate);
        var earlier = new ContactNormalizer(new NormalizationOptions { Today = new DateOnly(2025, 6, 14) });
        Assert.Null(earlier.Normalize(new ContactInput { BirthDate = birthday }).BirthDate);
    }

    [Fact]
    public void Consent_history_is_kept_and_the_latest_statement_per_channel_wins()
    {
        var contact = Normalizer.Normalize(new ContactInput
        {
            Consents =
            [
                new ConsentInput { Channel = "email", Granted = false, At = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), Source = "web-form" },
                new ConsentInput { Channel = "E-mail", Granted = true, At = new DateTimeOffset(2025, 1, 10, 0, 0, 0, TimeSpan.Zero), Source = "booking-engine" },
                new ConsentInput { Channel = "sms", Granted = true, At = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero) },
            ],
        }, Origin);

        var current = ConsentLedger.Current(contact.Consents);
        Assert.Equal(3, contact.Consents.Count);
        Assert.False(current[ConsentChannel.Email].Granted);
        Assert.Equal("web-form", current[ConsentChannel.Email].Source);
        Assert.True(current[ConsentChannel.Sms].Granted);
        Assert.Equal("pms", current[ConsentChannel.Sms].Source);
    }

    [Fact]
    public void At_the_same_instant_a_refusal_wins_over_a_grant()
    {
        var at = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var current = ConsentLedger.Current(
        [
            new ConsentRecord(ConsentChannel.Email, true, at, "desk"),
            new ConsentRecord(ConsentChannel.Email, false, at, "web-form"),
        ]);
        Assert.False(current[ConsentChannel.Email].Granted);
    }

    [Fact]
    public void A_consent_without_time_takes_the_arrival_time_and_one_on_an_unknown_channel_is_rejected()
    {
        var contact = Normalizer.Normalize(new ContactInput
        {
            Consents = [new ConsentInput { Channel = "sms", Granted = true }, new ConsentInput { Channel = "pigeon", Granted = true }],
        }, Origin);

        Assert.Equal(Origin.ReceivedAt, contact.Consents.Single().At);
        Assert.Equal("unknown-channel", contact.Rejected.Single().Reason);
    }

    [Fact]
    public void Shared_and_placeholder_addresses_are_kept_for_sending_but_not_matched_on()
    {
        var contact = Normalizer.Normalize(new ContactInput { Emails = ["reservations@agence.fr", "noreply@hotel.fr", "Paul.Martin@gmail.com"] });

        Assert.Equal(3, contact.Emails.Count);
        Assert.Equal(["paulmartin@gmail.com"], contact.Keys.Emails);
        Assert.True(contact.Flags.HasFlag(ContactFlags.RoleEmail));
        Assert.True(contact.Flags.HasFlag(ContactFlags.PlaceholderEmail));
        Assert.False(contact.Flags.HasFlag(ContactFlags.Unreachable));
    }

    [Fact]
    public void A_contact_with_only_a_placeholder_address_is_flagged_unreachable()
    {
        var contact = Normalizer.Normalize(new ContactInput { GivenName = "Paul", Emails = ["none@none.com"] });
        Assert.True(contact.Flags.HasFlag(ContactFlags.Unreachable));
        Assert.True(contact.Flags.HasFlag(ContactFlags.IncompleteName));
    }

    [Fact]
    public void Every_change_is_recorded_without_repeating_the_original_value()
    {
        var input = new ContactInput
        {
            GivenName = "ZYLBERSTEIN",
            FamilyName = "Héloïse",
            Emails = ["  Heloise.Z@GMAIL.COM "],
            Phones = ["06 98 76 54 32"],
            Country = "france",
            Address = new PostalAddress { City = "SAINT-MALO", PostalCode = "35400" },
        };
        var contact = Normalizer.Normalize(input);

        Assert.Equal("Héloïse", contact.Name.GivenName);
        Assert.Equal("Zylberstein", contact.Name.FamilyName);
        Assert.True(contact.Flags.HasFlag(ContactFlags.NamesSwapped));
        Assert.Contains(contact.Changes, c => c.Rule == "name.swap-given-family");
        Assert.Contains(contact.Changes, c => c.Rule == "phone.e164" && c.After == "+33698765432" && c.BeforeKind == "national-trunk");
        Assert.Contains(contact.Changes, c => c.Rule == "country.iso-alpha2" && c.After == "FR");
        Assert.Contains(contact.Changes, c => c.Field == "address.city" && c.After == "Saint-Malo");
        var raw = new[] { "ZYLBERSTEIN", "Héloïse", "Heloise.Z@GMAIL.COM", "06 98 76 54 32", "SAINT-MALO", "france" };
        foreach (var change in contact.Changes)
        {
            Assert.DoesNotContain(raw, r => change.Rule.Contains(r, StringComparison.OrdinalIgnoreCase) || change.BeforeKind.Contains(r, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void The_envelope_gives_the_contact_its_origin()
    {
        var envelope = new ContactEnvelope
        {
            IngestionId = "ing-7", Index = 3, Source = "booking-engine", ReceivedAt = Origin.ReceivedAt,
            Contact = new ContactInput { GivenName = "Ana" },
        };
        var contact = Normalizer.Normalize(envelope);
        Assert.Equal(new ContactOrigin("booking-engine", "ing-7/3", Origin.ReceivedAt), contact.Origin);
    }
}

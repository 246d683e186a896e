using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Normalization;

/// <summary>Each consent statement keeps its proof from intake to the golden record's history.</summary>
public class ConsentProofTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly ContactNormalizer Normalizer = new(new NormalizationOptions { DefaultCountry = "FR", Today = DateOnly.FromDateTime(Now.UtcDateTime) });
    private static readonly DateTimeOffset SignedUp = new(2026, 11, 20, 18, 30, 0, TimeSpan.Zero);

    private static readonly ConsentInput NewsletterSignUp = new()
    {
        Channel = "email", Granted = true, At = SignedUp, Source = "web-form",
        WordingVersion = "newsletter-2026-03", FormId = "footer-signup",
        Evidence = new ConsentEvidenceInput { Ip = "2001:DB8:0:0::7" },
    };

    private static NormalizedContact Contact(string recordId, int day, params ConsentInput[] consents) =>
        Normalizer.Normalize(new ContactInput { FamilyName = "Rossi", Emails = ["anna.rossi@example.it"], Consents = consents },
            new ContactOrigin("web-form", recordId, Now.AddDays(day)));

    private static List<string> Fields(ConsentInput consent)
    {
        var errors = new ValidationErrors();
        ContactValidator.Validate(new ContactInput { FamilyName = "Rossi", Consents = [consent] }, "", Now, errors);
        return errors.All.Select(e => e.Field).ToList();
    }

    [Fact]
    public void A_statement_keeps_its_wording_form_and_evidence_with_the_ip_written_one_way()
    {
        var consent = Assert.Single(Contact("r1", 0, NewsletterSignUp).Consents);

        Assert.Equal((ConsentChannel.Email, true, SignedUp, "web-form"), (consent.Channel, consent.Granted, consent.At, consent.Source));
        Assert.Equal("newsletter-2026-03", consent.WordingVersion);
        Assert.Equal("footer-signup", consent.FormId);
        Assert.Equal(new ConsentEvidence("2001:db8::7", null), consent.Evidence);
    }

    [Fact]
    public void A_statement_sent_without_proof_has_none_and_a_bad_ip_is_set_aside_while_the_statement_counts()
    {
        var plain = Assert.Single(Contact("r1", 0, new ConsentInput { Channel = "sms", Granted = false, At = SignedUp }).Consents);
        var badIp = Contact("r2", 0, NewsletterSignUp with { Evidence = new ConsentEvidenceInput { Ip = "10.1", MessageId = "m-1" } });

        Assert.Null(plain.Evidence);
        Assert.Null(plain.WordingVersion);
        Assert.Equal(new ConsentEvidence(null, "m-1"), Assert.Single(badIp.Consents).Evidence);
        Assert.Equal(new RejectedValue("consents.evidence.ip", "10.1", "not-an-ip-address"), Assert.Single(badIp.Rejected));
    }

    [Fact]
    public void A_merge_keeps_every_statement_of_both_records_with_its_proof()
    {
        var survivorship = new Survivorship(new SurvivorshipOptions());
        var withdrawal = new ConsentInput
        {
            Channel = "email", Granted = false, At = SignedUp.AddDays(2), Source = "brevo",
            Evidence = new ConsentEvidenceInput { MessageId = "<202611221000.1@smtp-relay.mailin.fr>" },
        };
        var again = NewsletterSignUp with { Evidence = new ConsentEvidenceInput { Ip = "203.0.113.7" } };
        var first = Contact("r1", 0, NewsletterSignUp);

        var golden = survivorship.Merge(survivorship.Create("ct-1", first), Contact("r2", 1, again, withdrawal));

        // The same sign-up sent twice with different evidence is two statements; the withdrawal, latest, is in force.
        Assert.Equal(["2001:db8::7", "203.0.113.7", null], golden.Consents.Select(c => c.Evidence?.Ip));
        Assert.Equal("<202611221000.1@smtp-relay.mailin.fr>", golden.Consents[^1].Evidence?.MessageId);
        Assert.False(ConsentLedger.Current(golden.Consents)[ConsentChannel.Email].Granted);
    }

    [Fact]
    public void Proof_is_checked_at_intake_and_named_by_its_field()
    {
        Assert.Empty(Fields(NewsletterSignUp));
        Assert.Empty(Fields(new ConsentInput { Channel = "email", Granted = true, At = SignedUp }));
        Assert.Empty(Fields(NewsletterSignUp with { Evidence = new ConsentEvidenceInput { Ip = " " } })); // none recorded
        Assert.Equal(["evidence.ip"], Fields(NewsletterSignUp with { Evidence = new ConsentEvidenceInput { Ip = "999.1.1.1" } }).Select(Tail));
        Assert.Equal(["wordingVersion", "formId", "evidence.messageId"], Fields(NewsletterSignUp with
        {
            WordingVersion = new string('w', 201), FormId = new string('f', 201),
            Evidence = new ConsentEvidenceInput { MessageId = new string('m', 201) },
        }).Select(Tail));

        static string Tail(string field) => field["consents[0].".Length..];
    }

    [Fact]
    public void A_consent_dated_in_the_future_is_refused_as_it_would_outlast_any_withdrawal() =>
        Assert.Equal(["consents[0].at"], Fields(NewsletterSignUp with { At = Now.AddDays(1) }));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData(" 0.0.0.0 ", "0.0.0.0")]
    [InlineData("2001:DB8::0:7", "2001:db8::7")]
    [InlineData("::ffff:203.0.113.7", "::ffff:203.0.113.7")]
    [InlineData("::1", "::1")]
    [InlineData("10.1", null)]
    [InlineData("010.0.0.1", null)]
    [InlineData("256.0.0.1", null)]
    [InlineData("[2001:db8::7]:443", null)]
    [InlineData("fe80::1%eth0", null)]
    [InlineData("203.0.113.7:80", null)]
    [InlineData("not an ip", null)]
    [InlineData("", null)]
    public void Ip_addresses_are_ipv4_dotted_quads_or_ipv6(string text, string? canonical) =>
        Assert.Equal(canonical, IpAddresses.Canonical(text));
}

using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using static CrmFunctions.Core.Tests.Enrichment.Guests;

namespace CrmFunctions.Core.Tests.Enrichment;

public class CampaignTriggerTests
{
    private readonly ContactEnricher enricher = new();

    private EnrichmentResult Enrich(ContactInput guest, DateTimeOffset? now = null, params SurveyFeedback[] surveys) =>
        enricher.Enrich(new EnrichmentInput { Contact = Golden(guest), Surveys = surveys }, now ?? Now);

    [Fact]
    public void A_detractor_gets_a_service_recovery_follow_up_in_their_language()
    {
        var result = Enrich(Elodie(Consent("email", true, 200)), null, Answer(3, "Chambre sale et personnel désagréable", id: "typeform/abc"));

        var trigger = Assert.Single(result.Triggers);
        Assert.Equal(TriggerKinds.ServiceRecovery, trigger.Kind);
        Assert.Equal("email", trigger.Channel);
        Assert.Equal("service-recovery.fr", trigger.TemplateKey);
        Assert.Equal("ct-guest", trigger.ContactId);
        Assert.Equal(TriggerReasons.Detractor, trigger.Reason);
        Assert.Equal("ct-guest:service-recovery:detractor:2026-11", trigger.DeduplicationKey);
        Assert.Equal("typeform/abc", trigger.ResponseId);
        Assert.Equal(Now, trigger.NotBefore);
    }

    [Fact]
    public void A_promoter_is_invited_to_post_a_public_review()
    {
        var result = Enrich(Elodie(Consent("email", true, 200)) with { Language = "en-GB" }, null, Answer(10, "Wonderful stay"));

        var trigger = Assert.Single(result.Triggers);
        Assert.Equal(TriggerKinds.ReviewInvitation, trigger.Kind);
        Assert.Equal(TriggerReasons.Promoter, trigger.Reason);
        Assert.Equal("review-invitation.en", trigger.TemplateKey);
        Assert.Equal("ct-guest:review-invitation:promoter:2026-Q4", trigger.DeduplicationKey);
    }

    [Fact]
    public void A_passive_gets_nothing_and_a_complaint_gets_recovery_even_without_a_low_score()
    {
        Assert.Empty(Enrich(Elodie(Consent("email", true, 200)), null, Answer(8)).Triggers);

        var complaint = Enrich(Elodie(Consent("email", true, 200)), null, Answer(8, complaint: true, reason: "bruit"));
        Assert.Equal(TriggerReasons.Complaint, Assert.Single(complaint.Triggers).Reason);
    }

    [Fact]
    public void No_consent_no_message_and_the_latest_statement_wins()
    {
        var never = Enrich(Elodie(), null, Answer(2));
        var withdrawn = Enrich(Elodie(Consent("email", true, 300), Consent("email", false, 10)), null, Answer(2));
        var regranted = Enrich(Elodie(Consent("email", false, 300), Consent("email", true, 200)), null, Answer(2));

        Assert.Empty(never.Triggers);
        Assert.Equal("no consent on any channel", Assert.Single(never.SuppressedTriggers).Why);
        Assert.Empty(withdrawn.Triggers);
        Assert.Single(regranted.Triggers);
    }

    [Fact]
    public void Sms_is_used_when_only_sms_was_consented_and_needs_a_mobile()
    {
        var mobile = Enrich(Elodie(Consent("sms", true, 200)), null, Answer(1));
        var landline = Enrich(Elodie(Consent("sms", true, 200)) with { Phones = ["01 42 68 53 00"] }, null, Answer(1));

        Assert.Equal("sms", Assert.Single(mobile.Triggers).Channel);
        Assert.Empty(landline.Triggers);
        Assert.Equal("no reachable address on a consented channel", Assert.Single(landline.SuppressedTriggers).Why);
    }

    [Fact]
    public void A_disposable_address_is_not_written_to()
    {
        var result = Enrich(Elodie(Consent("email", true, 200)) with { Emails = ["tmp123@yopmail.com"] }, null, Answer(2));

        Assert.Empty(result.Triggers);
    }

    [Fact]
    public void An_old_answer_fires_nothing_when_the_guest_is_enriched_again()
    {
        var result = Enrich(Elodie(Consent("email", true, 200)), null, Answer(2, hoursAgo: 24 * 30));

        Assert.Empty(result.Triggers);
    }

    [Theory]
    [InlineData("2026-11-23T21:30:00Z", "2026-11-24T07:00:00Z")] // 22:30 in Paris → 08:00 the next morning
    [InlineData("2026-11-23T05:15:00Z", "2026-11-23T07:00:00Z")] // 06:15 in Paris → 08:00 the same morning
    [InlineData("2026-07-01T19:30:00Z", "2026-07-02T06:00:00Z")] // summer time: 21:30 in Paris → 08:00 (UTC+2)
    [InlineData("2026-11-23T12:00:00Z", "2026-11-23T12:00:00Z")] // daytime: at once
    public void A_trigger_due_in_quiet_hours_waits_for_their_end(string now, string expected)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var answer = Answer(2) with { SubmittedAt = at.AddMinutes(-30) };

        var trigger = Assert.Single(Enrich(Elodie(Consent("email", true, 300)), at, answer).Triggers);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), trigger.NotBefore);
    }

    [Fact]
    public void Quiet_hours_are_the_guests_own()
    {
        var at = new DateTimeOffset(2026, 11, 23, 21, 30, 0, TimeSpan.Zero); // 21:30 in London, 22:30 in Paris
        var options = new EnrichmentOptions { Triggers = new TriggerOptions { QuietStart = new TimeOnly(22, 0), QuietEnd = new TimeOnly(8, 0) } };
        var guest = Golden(Elodie(Consent("email", true, 300)) with { Country = "GB", Phones = ["+44 7700 900123"] });
        var answer = Answer(2) with { SubmittedAt = at.AddMinutes(-10) };

        var trigger = Assert.Single(new ContactEnricher(options).Enrich(new EnrichmentInput { Contact = guest, Surveys = [answer] }, at).Triggers);

        Assert.Equal(at, trigger.NotBefore);
    }

    [Fact]
    public void A_newly_consented_guest_is_welcomed_once_on_that_channel()
    {
        var result = Enrich(Elodie(Consent("sms", true, 2)));

        var welcome = Assert.Single(result.Triggers);
        Assert.Equal(TriggerKinds.Welcome, welcome.Kind);
        Assert.Equal("sms", welcome.Channel);
        Assert.Equal("welcome.fr", welcome.TemplateKey);
        Assert.Equal("ct-guest:welcome:new-consent:once", welcome.DeduplicationKey);
    }

    [Fact]
    public void A_consent_that_only_confirms_an_earlier_one_is_not_new()
    {
        Assert.Empty(Enrich(Elodie(Consent("email", true, 400), Consent("email", true, 1))).Triggers);
        Assert.Empty(Enrich(Elodie(Consent("email", true, 60))).Triggers);
        Assert.Single(Enrich(Elodie(Consent("email", true, 400), Consent("email", false, 100), Consent("email", true, 1))).Triggers);
    }

    [Fact]
    public void Two_answers_of_one_month_share_a_deduplication_key()
    {
        var first = Assert.Single(Enrich(Elodie(Consent("email", true, 300)), Now.AddDays(-10), Answer(2, id: "a", hoursAgo: 1) with { SubmittedAt = Now.AddDays(-10).AddHours(-1) }).Triggers);
        var second = Assert.Single(Enrich(Elodie(Consent("email", true, 300)), null, Answer(1, id: "b")).Triggers);

        Assert.Equal(first.DeduplicationKey, second.DeduplicationKey);
        Assert.NotEqual(first.ResponseId, second.ResponseId);
    }

    [Fact]
    public void A_rule_can_be_switched_off_and_channels_reordered()
    {
        var options = new EnrichmentOptions
        {
            Triggers = new TriggerOptions
            {
                ReviewInvitation = new TriggerRule { Template = "review-invitation", Enabled = false },
                ServiceRecovery = new TriggerRule { Template = "call-back", Channels = ["sms", "email"] },
            },
        };
        var guest = Golden(Elodie(Consent("email", true, 300), Consent("sms", true, 300)));
        var custom = new ContactEnricher(options);

        Assert.Empty(custom.Enrich(new EnrichmentInput { Contact = guest, Surveys = [Answer(10)] }, Now).Triggers);
        var recovery = Assert.Single(custom.Enrich(new EnrichmentInput { Contact = guest, Surveys = [Answer(0)] }, Now).Triggers);
        Assert.Equal("sms", recovery.Channel);
        Assert.Equal("call-back.fr", recovery.TemplateKey);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_when_the_enricher_is_built()
    {
        Assert.Throws<ArgumentException>(() => new ContactEnricher(new EnrichmentOptions { Triggers = new TriggerOptions { DefaultTimeZone = "Mars/Olympus" } }));
    }
}

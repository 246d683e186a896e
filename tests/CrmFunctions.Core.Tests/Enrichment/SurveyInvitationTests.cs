using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using static CrmFunctions.Core.Tests.Enrichment.Guests;

namespace CrmFunctions.Core.Tests.Enrichment;

public class SurveyInvitationTests
{
    private readonly ContactEnricher enricher = new();

    private EnrichmentResult Enrich(ContactInput guest, StayInput[] stays, params SurveyFeedback[] surveys) =>
        enricher.Enrich(new EnrichmentInput { Contact = Golden(guest), Stays = stays, Surveys = surveys }, Now);

    [Fact]
    public void A_guest_whose_stay_ended_yesterday_is_invited_to_the_post_stay_survey_of_that_property()
    {
        var result = Enrich(Elodie(Consent("email", true, 200)), [Stay(departedDaysAgo: 40, property: "nice-promenade"), Stay(departedDaysAgo: 1, property: "lyon-part-dieu", reservation: "R-9")]);

        var invitation = Assert.Single(result.Triggers);
        Assert.Equal(TriggerKinds.SurveyInvitation, invitation.Kind);
        Assert.Equal(TriggerReasons.StayCompleted, invitation.Reason);
        Assert.Equal("email", invitation.Channel);
        Assert.Equal("survey-invitation.fr", invitation.TemplateKey);
        Assert.Equal("post-stay", invitation.SurveyId);
        Assert.Equal("lyon-part-dieu", invitation.PropertyId);
        Assert.Equal("ct-guest:survey-invitation:stay-completed:lyon-part-dieu/2026-11-22", invitation.DeduplicationKey);
        Assert.Null(invitation.ResponseId);
    }

    [Fact]
    public void A_stay_that_ended_long_ago_or_is_still_to_come_invites_nobody()
    {
        Assert.Empty(Enrich(Elodie(Consent("email", true, 200)), [Stay(departedDaysAgo: 10)]).Triggers);
        Assert.Empty(Enrich(Elodie(Consent("email", true, 200)), [Stay(departedDaysAgo: -2)]).Triggers);
    }

    [Fact]
    public void A_guest_who_already_answered_after_check_out_is_not_invited_but_an_answer_about_an_earlier_stay_does_not_count()
    {
        var answeredNow = Enrich(Elodie(Consent("email", true, 200)), [Stay(departedDaysAgo: 1)], Answer(8, hoursAgo: 2));
        var answeredBefore = Enrich(Elodie(Consent("email", true, 200)), [Stay(departedDaysAgo: 1)], Answer(8, hoursAgo: 24 * 20));

        Assert.Empty(answeredNow.Triggers);
        Assert.Equal(TriggerKinds.SurveyInvitation, Assert.Single(answeredBefore.Triggers).Kind);
    }

    [Fact]
    public void Without_consent_the_invitation_is_suppressed_with_why()
    {
        var result = Enrich(Elodie(), [Stay(departedDaysAgo: 1)]);

        Assert.Empty(result.Triggers);
        var suppressed = Assert.Single(result.SuppressedTriggers);
        Assert.Equal(TriggerKinds.SurveyInvitation, suppressed.Kind);
        Assert.Equal("no consent on any channel", suppressed.Why);
    }

    [Fact]
    public void The_same_stay_told_twice_or_enriched_again_gives_one_key_and_the_next_stay_another()
    {
        var pms = Stay(departedDaysAgo: 1, reservation: "R-1");
        var echo = Stay(departedDaysAgo: 1) with { Revenue = null }; // the stay as a later source tells it, without the number
        var guest = Elodie(Consent("email", true, 200));

        var first = Assert.Single(Enrich(guest, [pms]).Triggers).DeduplicationKey;
        var again = Assert.Single(Enrich(guest, [pms]).Triggers).DeduplicationKey;
        var told = Assert.Single(Enrich(guest, [echo]).Triggers).DeduplicationKey;
        var next = Assert.Single(Enrich(guest, [pms, Stay(departedDaysAgo: 0, property: "paris-opera", reservation: "R-2")]).Triggers).DeduplicationKey;

        Assert.Equal(first, again);
        Assert.Equal(first, told);
        Assert.NotEqual(first, next);
    }

    [Fact]
    public void The_survey_and_freshness_are_configurable_and_the_rule_can_be_switched_off()
    {
        var options = new EnrichmentOptions
        {
            Triggers = new TriggerOptions { SurveyInvitation = new SurveyInvitationRule { Template = "survey-invitation", SurveyId = "spa-2026", MaxAgeDays = 14 } },
        };
        var off = new EnrichmentOptions
        {
            Triggers = new TriggerOptions { SurveyInvitation = new SurveyInvitationRule { Template = "survey-invitation", Enabled = false } },
        };
        var input = new EnrichmentInput { Contact = Golden(Elodie(Consent("email", true, 200))), Stays = [Stay(departedDaysAgo: 10)] };

        Assert.Equal("spa-2026", Assert.Single(new ContactEnricher(options).Enrich(input, Now).Triggers).SurveyId);
        Assert.Empty(new ContactEnricher(off).Enrich(input, Now).Triggers);
    }
}

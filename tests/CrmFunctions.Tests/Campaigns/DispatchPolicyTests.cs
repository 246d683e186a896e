using System.Net;
using CrmFunctions.Campaigns;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>The decisions of campaign dispatch, without I/O: whom to write to, whether now, how an answer and a redelivery are taken.</summary>
public sealed class DispatchPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static readonly CampaignTrigger Recovery = new()
    {
        Kind = TriggerKinds.ServiceRecovery, Channel = "email", TemplateKey = "service-recovery.fr", ContactId = "ct-1",
        Reason = TriggerReasons.Detractor, DeduplicationKey = "ct-1:service-recovery:detractor:2026-12", NotBefore = Now, Language = "fr",
    };

    private static GoldenRecord Guest(params ConsentRecord[] consents) => new()
    {
        ContactId = "ct-1",
        Members = [],
        Emails =
        [
            new(new NormalizedEmail("noreply@example.com", "noreply@example.com", EmailFlags.Placeholder), ["pms"], Now),
            new(new NormalizedEmail("lea@example.fr", "lea@example.fr", EmailFlags.None), ["pms"], Now),
        ],
        Phones = [new(new NormalizedPhone("+33612345678", "FR", PhoneLineType.Mobile), ["pms"], Now)],
        Consents = consents,
    };

    private static ConsentRecord Email(bool granted, int daysAgo) => new(ConsentChannel.Email, granted, Now.AddDays(-daysAgo), "web-form");

    [Fact]
    public void The_first_usable_address_on_the_consented_channel_is_the_recipient()
    {
        var (recipient, skip) = DispatchPolicy.RecipientOf(Recovery, Guest(Email(true, 30)));

        Assert.Null(skip);
        Assert.Equal(("ct-1", "lea@example.fr"), (recipient!.ContactId, recipient.Address));
    }

    [Fact]
    public void A_withdrawal_after_the_grant_stops_the_trigger()
    {
        Assert.Equal(DispatchPolicy.NoConsent, DispatchPolicy.RecipientOf(Recovery, Guest(Email(true, 30), Email(false, 1))).SkipReason);
    }

    [Fact]
    public void A_guest_whose_golden_record_is_gone_is_not_written_to()
    {
        Assert.Equal(DispatchPolicy.NoGoldenRecord, DispatchPolicy.RecipientOf(Recovery, null).SkipReason);
    }

    [Fact]
    public void An_sms_goes_to_the_mobile_number()
    {
        var sms = Recovery with { Channel = "sms" };
        var (recipient, _) = DispatchPolicy.RecipientOf(sms, Guest(new ConsentRecord(ConsentChannel.Sms, true, Now.AddDays(-3), "web-form")));

        Assert.Equal("+33612345678", recipient!.Address);
    }

    [Theory]
    [InlineData(true, 0, 3, DispatchPolicy.Suppressed)]
    [InlineData(false, 3, 3, DispatchPolicy.WeeklyCap)]
    [InlineData(false, 2, 3, null)]
    [InlineData(false, 50, 0, null)]
    public void Suppression_and_the_weekly_cap_hold_back(bool suppressed, int sentThisWeek, int cap, string? expected)
    {
        Assert.Equal(expected, DispatchPolicy.HoldBack(suppressed, sentThisWeek, cap));
    }

    [Theory]
    [InlineData(HttpStatusCode.Created, Outcome.Sent)]
    [InlineData(HttpStatusCode.TooManyRequests, Outcome.Retry)]
    [InlineData(HttpStatusCode.InternalServerError, Outcome.Retry)]
    [InlineData(HttpStatusCode.BadGateway, Outcome.Retry)]
    [InlineData(HttpStatusCode.Unauthorized, Outcome.Unauthorized)]
    [InlineData(HttpStatusCode.BadRequest, Outcome.Refused)]
    [InlineData(HttpStatusCode.NotFound, Outcome.Refused)]
    public void Provider_answers_are_taken_by_status(HttpStatusCode status, Outcome expected)
    {
        Assert.Equal(expected, DispatchPolicy.Classify(new ProviderAnswer(status, null, null, null)));
    }

    private static SendRow Row(string status, DateTimeOffset? reservedAt = null) => new()
    {
        DeduplicationKey = Recovery.DeduplicationKey, Kind = Recovery.Kind, Reason = Recovery.Reason, Channel = "email", ContactId = "ct-1",
        Status = status, ReservedAt = reservedAt, UpdatedAt = Now,
    };

    [Fact]
    public void A_redelivery_sends_only_what_was_never_taken()
    {
        var brevoEmail = DispatchPolicy.IdempotencyWindow(Destinations.Brevo, "email");
        Assert.Equal(Redelivery.Send, DispatchPolicy.OnExisting(null, brevoEmail, Now));
        Assert.Equal(Redelivery.Send, DispatchPolicy.OnExisting(Row(SendStatus.Retrying), brevoEmail, Now));
        Assert.Equal(Redelivery.Complete, DispatchPolicy.OnExisting(Row(SendStatus.Sent), brevoEmail, Now));
        Assert.Equal(Redelivery.Complete, DispatchPolicy.OnExisting(Row(SendStatus.Skipped), brevoEmail, Now));
        Assert.Equal(Redelivery.Complete, DispatchPolicy.OnExisting(Row(SendStatus.Uncertain), brevoEmail, Now));
        Assert.Equal(Redelivery.FailAgain, DispatchPolicy.OnExisting(Row(SendStatus.Failed), brevoEmail, Now));
    }

    [Fact]
    public void An_interrupted_send_is_repeated_only_where_the_provider_drops_a_repeat()
    {
        var brevoEmail = DispatchPolicy.IdempotencyWindow(Destinations.Brevo, "email");
        var brevoSms = DispatchPolicy.IdempotencyWindow(Destinations.Brevo, "sms");
        var webhook = DispatchPolicy.IdempotencyWindow(Destinations.Webhook, "sms");

        Assert.Equal(Redelivery.SendAgainSameKey, DispatchPolicy.OnExisting(Row(SendStatus.Sending, Now.AddMinutes(-2)), brevoEmail, Now));
        Assert.Equal(Redelivery.MarkUncertain, DispatchPolicy.OnExisting(Row(SendStatus.Sending, Now.AddHours(-1)), brevoEmail, Now));
        Assert.Equal(Redelivery.MarkUncertain, DispatchPolicy.OnExisting(Row(SendStatus.Sending, Now.AddSeconds(-5)), brevoSms, Now));
        Assert.Equal(Redelivery.SendAgainSameKey, DispatchPolicy.OnExisting(Row(SendStatus.Sending, Now.AddDays(-2)), webhook, Now));
    }

    [Fact]
    public void A_kind_goes_to_its_configured_destination_named_as_in_a_setting()
    {
        var options = new CampaignsOptions { Destinations = new(StringComparer.OrdinalIgnoreCase) { ["service_recovery"] = "brevo", ["welcome"] = "fax" } };

        Assert.Equal(Destinations.Brevo, DispatchPolicy.DestinationOf(options, TriggerKinds.ServiceRecovery));
        Assert.Null(DispatchPolicy.DestinationOf(options, TriggerKinds.Welcome));
        Assert.Null(DispatchPolicy.DestinationOf(options, TriggerKinds.ReviewInvitation));
    }

    [Fact]
    public void The_idempotency_key_is_the_same_for_every_delivery_of_a_trigger()
    {
        var recipient = new Recipient("ct-1", "email", "lea@example.fr", "Léa");

        Assert.Equal(new CampaignMessage(Recovery, recipient).IdempotencyKey, new CampaignMessage(Recovery with { NotBefore = Now.AddDays(1) }, recipient).IdempotencyKey);
        Assert.NotEqual(new CampaignMessage(Recovery, recipient).IdempotencyKey,
            new CampaignMessage(Recovery with { DeduplicationKey = "ct-1:welcome:new-consent:once" }, recipient).IdempotencyKey);
    }

    [Fact]
    public void Quiet_hours_follow_the_clock_of_the_triggers_property_else_the_default_zone()
    {
        var options = new CampaignsOptions { TimeZone = "Europe/Paris" };
        options.TimeZones["nyc_soho"] = "America/New_York";

        Assert.Equal("America/New_York", DispatchPolicy.ZoneIdOf(options, "nyc-soho"));
        Assert.Equal("Campaigns__TimeZones__nyc_soho", DispatchPolicy.ZoneSettingOf(options, "nyc-soho"));
        Assert.Equal("Europe/Paris", DispatchPolicy.ZoneIdOf(options, "paris-opera"));
        Assert.Equal("Europe/Paris", DispatchPolicy.ZoneIdOf(options, null));
        Assert.Equal("Campaigns__TimeZone", DispatchPolicy.ZoneSettingOf(options, null));
        // 23:00 in Paris is 17:00 in New York: quiet at one property, not at the other.
        var lateInParis = new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero),
            DispatchPolicy.QuietUntil(options, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), lateInParis));
        Assert.Null(DispatchPolicy.QuietUntil(options, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), lateInParis));
    }
}

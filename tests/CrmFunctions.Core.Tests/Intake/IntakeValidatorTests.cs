using CrmFunctions.Core.Campaigns;
using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Interactions;
using CrmFunctions.Core.Staff;

namespace CrmFunctions.Core.Tests.Intake;

public class IntakeValidatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-23T09:00:00Z");
    private static readonly DateTimeOffset Received = DateTimeOffset.Parse("2026-11-22T09:10:00+01:00");

    private static readonly InteractionInput Call = new()
    {
        Id = "c1", Channel = "Phone", PropertyId = "paris-opera", Type = "request", ReceivedAt = Received,
        AnsweredAt = Received.AddSeconds(12), ClosedAt = Received.AddMinutes(4),
    };

    private static List<string> Fields(Action<ValidationErrors> validate)
    {
        var errors = new ValidationErrors();
        validate(errors);
        return errors.All.Select(e => e.Field).ToList();
    }

    [Fact]
    public void A_complete_interaction_is_valid_and_channel_case_does_not_matter() =>
        Assert.Empty(Fields(e => InteractionValidator.Validate(Call, "", Now, e)));

    [Fact]
    public void Times_outside_the_supported_dates_name_their_field()
    {
        var ancient = DateTimeOffset.Parse("0001-01-01T00:00:00Z");
        var farAhead = DateTimeOffset.Parse("9999-12-31T00:00:00Z");
        var call = Call with { ReceivedAt = ancient, ClosedAt = farAhead };
        Assert.Equal(["receivedAt", "closedAt"], Fields(e => InteractionValidator.Validate(call, "", Now, e)));
        // 1900-01-01 at 00:30 in Paris is still 1899 in UTC: both days must be supported.
        var edge = Call with { ReceivedAt = DateTimeOffset.Parse("1900-01-01T00:30:00+01:00"), AnsweredAt = null, ClosedAt = null };
        Assert.Equal(["receivedAt"], Fields(e => InteractionValidator.Validate(edge, "", Now, e)));
        Assert.Empty(Fields(e => InteractionValidator.Validate(edge with { ReceivedAt = edge.ReceivedAt!.Value.AddHours(1) }, "", Now, e)));
    }

    [Fact]
    public void Interaction_times_must_follow_each_other()
    {
        var bad = Call with { AnsweredAt = Received.AddSeconds(-1), ClosedAt = Received.AddSeconds(-2) };
        Assert.Equal(["answeredAt", "closedAt", "closedAt"], Fields(e => InteractionValidator.Validate(bad, "", Now, e)));
    }

    [Fact]
    public void An_abandoned_contact_has_no_answer_time_and_abandonedAt_needs_abandoned()
    {
        Assert.Equal(["interactions[2].answeredAt"],
            Fields(e => InteractionValidator.Validate(Call with { Abandoned = true }, "interactions[2]", Now, e)));
        Assert.Equal(["abandonedAt"],
            Fields(e => InteractionValidator.Validate(Call with { AbandonedAt = Received.AddSeconds(30) }, "", Now, e)));
    }

    [Fact]
    public void Interaction_requires_its_identity_vocabularies_and_a_past_receipt_time() =>
        Assert.Equal(["id", "propertyId", "channel", "type", "receivedAt"],
            Fields(e => InteractionValidator.Validate(new InteractionInput { Channel = "fax", Type = "praise", ReceivedAt = Now.AddHours(1) }, "", Now, e)));

    [Fact]
    public void Campaign_event_needs_a_contact_and_a_reply_needs_its_text()
    {
        var reply = new CampaignEventInput { Provider = "smsly", MessageId = "m", Type = "inbound_reply", Time = Received };
        Assert.Equal(["contact", "text"], Fields(e => CampaignEventValidator.Validate(reply, "", Now, e)));
        Assert.Empty(Fields(e => CampaignEventValidator.Validate(
            reply with { Text = "9", Contact = new ContactPoint { Phone = "+33612345678" } }, "", Now, e)));
        Assert.Equal("sms", (reply with { Contact = new ContactPoint { Phone = "+33612345678" } }).EffectiveChannel);
    }

    [Fact]
    public void Campaign_event_ip_must_be_an_ip_address()
    {
        var unsubscribe = new CampaignEventInput
        {
            Provider = "own-smtp", MessageId = "m", Type = "unsubscribed", Time = Received,
            Contact = new ContactPoint { Email = "anna.rossi@example.it" },
        };
        Assert.Empty(Fields(e => CampaignEventValidator.Validate(unsubscribe with { Ip = "198.51.100.23" }, "", Now, e)));
        Assert.Equal(["events[1].ip"], Fields(e => CampaignEventValidator.Validate(unsubscribe with { Ip = "198.51.100" }, "events[1]", Now, e)));
    }

    [Fact]
    public void Staff_rating_is_1_to_5_and_staff_id_is_no_name()
    {
        var ok = new StaffAssessmentInput
        {
            AssessmentId = "a1", PropertyId = "p", Skill = "listening", Rating = 5, AssessedAt = Received, StaffId = "E-1",
        };
        Assert.Empty(Fields(e => StaffAssessmentValidator.Validate(ok, "", Now, e)));
        Assert.Equal(["rating", "staffId"],
            Fields(e => StaffAssessmentValidator.Validate(ok with { Rating = 0, StaffId = "Jean Dupont" }, "", Now, e)));
    }
}

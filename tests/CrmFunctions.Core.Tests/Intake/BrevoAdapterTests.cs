using System.Text.Json;
using CrmFunctions.Core.Campaigns;
using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Tests.Intake;

public class BrevoAdapterTests
{
    private static IReadOnlyList<BrevoEvent> Map(string json, ValidationErrors errors)
    {
        using var document = JsonDocument.Parse(json);
        return BrevoAdapter.Map(document.RootElement.Clone(), errors);
    }

    [Theory]
    [InlineData("delivered", "delivered")]
    [InlineData("opened", "opened")]
    [InlineData("unique_opened", "opened")]
    [InlineData("click", "clicked")]
    [InlineData("hard_bounce", "bounced")]
    [InlineData("soft_bounce", "bounced")]
    [InlineData("unsubscribed", "unsubscribed")]
    [InlineData("spam", "spam_complaint")]
    public void Brevo_event_names_map_to_our_types(string brevo, string ours)
    {
        var errors = new ValidationErrors();
        var mapped = Map($$"""{"event":"{{brevo}}","email":"a@example.com","message-id":"<m@x>","ts_event":1795338903}""", errors);

        Assert.True(errors.IsEmpty);
        var e = Assert.Single(mapped).Mapped!;
        Assert.Equal(ours, e.Type);
        Assert.Equal(brevo, e.ProviderEvent);
        Assert.Equal("brevo", e.Provider);
    }

    [Fact]
    public void Time_comes_from_ts_event_in_utc_then_ts_epoch_never_from_the_local_date()
    {
        var errors = new ValidationErrors();
        var mapped = Map("""
            [{"event":"delivered","email":"a@example.com","message-id":"m1","date":"2026-11-22 10:15:03","ts_event":1795338903},
             {"event":"delivered","email":"a@example.com","message-id":"m2","date":"2026-11-22 10:15:03","ts_epoch":1795338903412}]
            """, errors);

        Assert.Equal(DateTimeOffset.Parse("2026-11-22T09:15:03Z"), mapped[0].Mapped!.Time);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T09:15:03.412Z"), mapped[1].Mapped!.Time);
    }

    [Fact]
    public void Tags_carry_property_survey_campaign_and_segment_otherwise_the_template_is_the_campaign()
    {
        var errors = new ValidationErrors();
        var mapped = Map("""
            [{"event":"delivered","email":"a@example.com","message-id":"m1","ts_event":1,"template_id":17,
              "tags":["property:paris-opera","survey:post-stay","campaign:nov","segment:leisure","vip"]},
             {"event":"delivered","email":"a@example.com","message-id":"m2","ts_event":1,"template_id":17,"tag":"property:nice"}]
            """, errors);

        var tagged = mapped[0].Mapped!;
        Assert.Equal(("paris-opera", "post-stay", "nov", "leisure"), (tagged.PropertyId, tagged.SurveyId, tagged.CampaignId, tagged.Segment));
        Assert.Equal(("nice", "template-17"), (mapped[1].Mapped!.PropertyId, mapped[1].Mapped!.CampaignId));
    }

    [Fact]
    public void Untracked_events_are_reported_not_mapped_and_missing_fields_are_named_per_item()
    {
        var errors = new ValidationErrors();
        var mapped = Map("""
            [{"event":"request","email":"a@example.com","message-id":"m1","ts_event":1},
             {"event":"click","ts_event":1},
             {"email":"a@example.com"}]
            """, errors);

        var request = Assert.Single(mapped);
        Assert.Equal(("request", null), (request.Event, request.Mapped));
        var fields = errors.All.Select(e => e.Field).ToList();
        Assert.Equal(["[1].message-id", "[1].email", "[2].event"], fields);
    }

    [Fact]
    public void Absurd_timestamps_are_an_error_not_an_exception()
    {
        var errors = new ValidationErrors();
        Map("""{"event":"delivered","email":"a@example.com","message-id":"m1","ts_event":99999999999999}""", errors);

        Assert.Equal("ts_event", Assert.Single(errors.All).Field);
    }
}

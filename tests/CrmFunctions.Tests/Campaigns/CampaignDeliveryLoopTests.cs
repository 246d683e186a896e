using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>
/// The loop closed: Brevo's events about a message dispatch sent (its webhook, posted to the intake) show on the
/// trigger in GET /api/campaigns/triggers, and a survey invitation sent by dispatch counts in the response rate once
/// Brevo says it was delivered.
/// </summary>
public sealed class CampaignDeliveryLoopTests(AzuriteFixture azurite) : CampaignDispatchTest(azurite, ProviderStandIn.Start(), f =>
{
    f.Settings["Campaigns:Destinations:survey_invitation"] = "brevo";
    f.Settings["Campaigns:Brevo:Templates:survey_invitation:default"] = SurveyTemplate;
    f.Settings["Barometers:Indicators"] = "nps,survey.response-rate";
    f.Settings["Barometers:Thresholds:survey_response_rate:MinimumSample"] = "1";
})
{
    private const string SurveyTemplate = "57";

    private static JsonObject BrevoEvent(string name, string messageId, string email, DateTimeOffset at) => new()
    {
        ["event"] = name,
        ["email"] = email,
        ["message-id"] = messageId,
        ["ts_event"] = at.ToUnixTimeSeconds(),
        ["template_id"] = 41,
    };

    private async Task PostBrevoAsync(params JsonObject[] events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaign-events/brevo")
        {
            Content = new StringContent(new JsonArray(events).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CrmAppFactory.BrevoSecret);
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Brevos_events_about_a_sent_trigger_show_its_latest_delivery_status_in_the_list_without_guest_data()
    {
        const string email = "nadia.roux@example.fr";
        var contactId = await ConsentingGuestAsync("Nadia", email);
        await EnqueueAsync(Trigger(contactId, "resp-loop-1"));
        var sent = await WaitForTriggerAsync(contactId, "sent");
        var messageId = (string)sent["providerMessageId"]!;
        Assert.Null(sent["delivery"]);

        // One batched webhook, out of order: the open (later) comes before the delivery; plus an event about a message
        // this system did not send, which attaches to nothing.
        var deliveredAt = Seconds(DateTimeOffset.UtcNow.AddMinutes(-10));
        await PostBrevoAsync(
            BrevoEvent("opened", messageId, email, deliveredAt.AddMinutes(3)),
            BrevoEvent("delivered", messageId, email, deliveredAt),
            BrevoEvent("delivered", "<elsewhere.1@smtp-relay.mailin.fr>", email, deliveredAt));

        var listed = await TriggerAsync(contactId);
        Assert.Equal("opened", (string?)listed["delivery"]);
        Assert.Equal(deliveredAt.AddMinutes(3), listed["deliveryAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("sent", (string?)listed["status"]);
        var list = await Client.GetStringAsync("/api/campaigns/triggers?limit=500");
        Assert.DoesNotContain(email, list, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Nadia", list, StringComparison.Ordinal);

        // The delivery redelivered late by Brevo does not take the open back; a click afterwards moves it on.
        await PostBrevoAsync(BrevoEvent("delivered", messageId, email, deliveredAt));
        Assert.Equal("opened", (string?)(await TriggerAsync(contactId))["delivery"]);
        await PostBrevoAsync(BrevoEvent("click", messageId, email, deliveredAt.AddMinutes(5)));
        Assert.Equal("clicked", (string?)(await TriggerAsync(contactId))["delivery"]);
    }

    [Fact]
    public async Task A_survey_invitation_sent_by_dispatch_counts_in_the_response_rate_once_delivered()
    {
        const string email = "yann.perrin@example.fr";
        var property = NewProperty();
        var contactId = await ConsentingGuestAsync("Yann", email);
        var invitation = Trigger(contactId, "resp-loop-2") with
        {
            Kind = "survey-invitation",
            Reason = "post-stay",
            TemplateKey = "survey-invitation.fr",
            DeduplicationKey = $"{contactId}:survey-invitation:post-stay:{Guid.NewGuid():N}",
            SurveyId = "post-stay",
            PropertyId = property,
        };
        await EnqueueAsync(invitation);
        var sent = await WaitForTriggerAsync(contactId, "sent");
        Assert.Equal((property, "post-stay"), ((string?)sent["propertyId"], (string?)sent["surveyId"]));
        // Tagged for Brevo, so its own events name the survey too.
        var tags = Brevo.Requests.Single(r => (int?)r.Json["templateId"] == int.Parse(SurveyTemplate, System.Globalization.CultureInfo.InvariantCulture))
            .Json["tags"]!.AsArray().Select(t => (string?)t).ToList();
        Assert.Contains("survey:post-stay", tags);
        Assert.Contains("property:" + property, tags);

        var now = Seconds(DateTimeOffset.UtcNow);
        await PostSurveyAsync(Client, property, now, 9);
        await RefreshAsync(Client);
        var today = now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var rate = Indicator(await GetAsync(Client, $"/api/barometers?period=week&date={today}&property={property}"), "survey.response-rate");
        // Sent is not delivered: no invitation counted yet.
        Assert.Null(rate["value"]?.GetValue<double?>());

        // Brevo's delivered event, as a webhook configured without tags would send it: matched to the trigger by its
        // message id, it is the invitation.
        await PostBrevoAsync(BrevoEvent("delivered", (string)sent["providerMessageId"]!, email, now));
        await RefreshAsync(Client);

        rate = Indicator(await GetAsync(Client, $"/api/barometers?period=week&date={today}&property={property}"), "survey.response-rate");
        Assert.Equal(100, (double)rate["value"]!);
        Assert.Equal(1, (long)rate["n"]!);
        Assert.Equal("delivered", (string?)(await TriggerAsync(contactId))["delivery"]);
    }

    [Fact]
    public async Task A_stay_that_has_just_ended_reaches_brevo_as_an_invitation_to_the_survey_of_its_property()
    {
        var property = NewProperty();
        var checkOut = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var consentedAt = Seconds(DateTimeOffset.UtcNow.AddDays(-60));
        var guest = $$"""
            {"givenName":"Maëlle","familyName":"Fabre","emails":["maelle.fabre@example.fr"],"country":"FR","language":"fr",
             "consents":[{"channel":"email","granted":true,"at":"{{consentedAt:yyyy-MM-ddTHH:mm:ssZ}}","source":"pms"}],
             "stay":{"propertyId":"{{property}}","reservationId":"R-1","arrival":"{{checkOut.AddDays(-2):yyyy-MM-dd}}","departure":"{{checkOut:yyyy-MM-dd}}","roomNights":2 }
            }
            """;
        var response = await Client.PostAsync("/api/contacts?source=pms", Signing.Json(guest));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ingestionId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
        var contactId = CrmFunctions.Core.Matching.ContactIds.For(new CrmFunctions.Core.Normalization.ContactOrigin("pms", ingestionId + "/0", default));

        var sent = await WaitForTriggerAsync(contactId, "sent");

        Assert.Equal(TriggerKinds.SurveyInvitation, (string?)sent["kind"]);
        Assert.Equal((property, "post-stay"), ((string?)sent["propertyId"], (string?)sent["surveyId"]));
        var email = Brevo.Requests.Single(r => r.Json["tags"]?.AsArray().Any(t => (string?)t == "property:" + property) == true).Json;
        Assert.Equal(int.Parse(SurveyTemplate, System.Globalization.CultureInfo.InvariantCulture), (int?)email["templateId"]);
        Assert.Contains("survey:post-stay", email["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("maelle.fabre@example.fr", (string?)email["to"]![0]!["email"]);
    }

    [Fact]
    public async Task An_erasure_takes_the_message_id_row_too_so_later_events_attach_to_nothing()
    {
        const string email = "ines.blanc@example.fr";
        var contactId = await ConsentingGuestAsync("Inès", email);
        await EnqueueAsync(Trigger(contactId, "resp-loop-3"));
        var messageId = (string)(await WaitForTriggerAsync(contactId, "sent"))["providerMessageId"]!;

        var accepted = await Client.PostAsJsonAsync("/api/privacy/erasures", new { email, reason = "guest request", requestedBy = "dpo" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var statusUrl = (string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["statusUrl"]!;
        JsonObject status = [];
        await Probe.WaitUntilAsync(async () => (string?)(status = (await Client.GetFromJsonAsync<JsonObject>(statusUrl))!)["status"] == "completed");

        // The trigger row, the weekly-cap row and the message-id row.
        Assert.Equal(3, (int)status["counts"]!["CampaignSends"]!);
        Assert.Null(await TriggerOrNullAsync(contactId));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaign-events/brevo")
        {
            Content = new StringContent(BrevoEvent("opened", messageId, "someone@example.org", Seconds(DateTimeOffset.UtcNow)).ToJsonString(),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CrmAppFactory.BrevoSecret);
        var receipt = (await (await Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Null(receipt["events"]![0]!["triggerId"]);
    }
}

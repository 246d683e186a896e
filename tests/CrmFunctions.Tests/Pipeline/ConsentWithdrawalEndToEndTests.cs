using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Pipeline;

/// <summary>
/// A guest consents with proof, then withdraws by SMS STOP, by Brevo unsubscribe or by a later contact: after the one
/// pipeline pass of the withdrawal (standalone runner, real Azurite), the golden record shows both statements with their
/// proof, the consent in force is withdrawn and enrichment plans nothing more on that channel.
/// </summary>
public sealed class ConsentWithdrawalEndToEndTests(AzuriteFixture azurite) : AppTest(azurite, CrmAppFactory.RunPipelineInOrder)
{
    // Recent enough for the welcome rule (a consent at most 30 days old) to act on the grant.
    private static readonly DateTimeOffset GrantedAt = Seconds(DateTimeOffset.UtcNow.AddDays(-3));
    private static readonly DateTimeOffset WithdrawnAt = Seconds(DateTimeOffset.UtcNow.AddHours(-1));

    private PipelineProbe Probe => new(Azurite, Factory.Logs, TimeSpan.FromSeconds(90));

    private static DateTimeOffset Seconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A guest who consented on one channel through a web form, with the form's proof.</summary>
    private static string Guest(string givenName, string contactPoints, string value, string channel) => $$$"""
        {"givenName":"{{{givenName}}}","familyName":"Bianchi","{{{contactPoints}}}":["{{{value}}}"],"country":"FR",
         "consents":[{"channel":"{{{channel}}}","granted":true,"at":"{{{Iso(GrantedAt)}}}","source":"web-form",
           "wordingVersion":"offers-2026-03","formId":"footer-signup","evidence":{"ip":"2001:DB8::7"}}]}
        """;

    [Fact]
    public async Task An_sms_stop_withdraws_sms_consent_in_one_pass_with_the_reply_as_evidence()
    {
        var contactId = await ConsentedAsync(Guest("Giulia", "phones", "06 98 12 34 56", "sms"), "sms");
        var messageId = "in-" + Guid.NewGuid().ToString("N");
        var stop = $$"""
            {"provider":"smsly","messageId":"{{messageId}}","campaignId":"poststay-nov","type":"inbound_reply","channel":"sms",
             "time":"{{Iso(WithdrawnAt)}}","contact":{"phone":"+33698123456"},"text":" Stop "}
            """;

        var response = await Client.SendAsync(Signing.SignedPost("/api/campaign-events", stop, CrmAppFactory.CampaignEventsSecret));

        var withdrawal = await WithdrawnInOnePassAsync(response, contactId, "sms");
        Assert.Equal(("smsly", messageId), ((string?)withdrawal["source"], (string?)withdrawal["evidence"]!["messageId"]));
    }

    [Fact]
    public async Task A_brevo_unsubscribe_withdraws_email_consent_in_one_pass_with_the_message_id_as_evidence()
    {
        var contactId = await ConsentedAsync(Guest("Marco", "emails", "marco.bianchi@example.it", "email"), "email");
        var messageId = $"<{Guid.NewGuid():N}@smtp-relay.mailin.fr>";
        var unsubscribe = $$"""
            {"event":"unsubscribed","email":"marco.bianchi@example.it","id":482913,"message-id":"{{messageId}}",
             "ts_event":{{WithdrawnAt.ToUnixTimeSeconds()}},"tags":["campaign:poststay-nov"]}
            """;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaign-events/brevo") { Content = Signing.Json(unsubscribe) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CrmAppFactory.BrevoSecret);

        var withdrawal = await WithdrawnInOnePassAsync(await Client.SendAsync(request), contactId, "email");

        Assert.Equal(("brevo", messageId), ((string?)withdrawal["source"], (string?)withdrawal["evidence"]!["messageId"]));
    }

    [Fact]
    public async Task A_contact_sent_with_granted_false_withdraws_in_one_pass_with_its_own_proof()
    {
        var contactId = await ConsentedAsync(Guest("Paola", "emails", "paola.bianchi@example.it", "email"), "email");
        var preferences = $$$"""
            {"givenName":"Paola","familyName":"Bianchi","emails":["paola.bianchi@example.it"],
             "consents":[{"channel":"email","granted":false,"at":"{{{Iso(WithdrawnAt)}}}","formId":"preference-centre",
               "evidence":{"ip":"203.0.113.7"}}]}
            """;

        var response = await Client.PostAsync("/api/contacts?source=preference-centre", Signing.Json(preferences));

        var withdrawal = await WithdrawnInOnePassAsync(response, contactId, "email");
        Assert.Equal(("preference-centre", "preference-centre", "203.0.113.7"),
            ((string?)withdrawal["source"], (string?)withdrawal["formId"], (string?)withdrawal["evidence"]!["ip"]));
        // The evidence is personal data too: kept in the golden record, never written to the logs.
        var logs = string.Join("\n", Factory.Logs.Lines);
        Assert.All(new[] { "203.0.113.7", "2001:db8::7", "2001:DB8::7" }, ip => Assert.DoesNotContain(ip, logs, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Posts the guest, waits for its golden record, and checks the welcome went out on the consented channel.</summary>
    private async Task<string> ConsentedAsync(string guest, string channel)
    {
        var response = await Client.PostAsync("/api/contacts?source=web-form", Signing.Json(guest));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ingestionId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
        await Probe.WaitPlacedAsync("web-form", ingestionId, 1);
        var contactId = ContactIds.For(new ContactOrigin("web-form", ingestionId + "/0", default));
        Assert.Equal([channel], (await TriggersOfAsync(contactId)).Select(t => (string?)t["channel"]));
        return contactId;
    }

    /// <summary>
    /// Checks the withdrawal was accepted, waits for its one pass to end (the profile says withdrawn and the enrich
    /// queue is empty, so its triggers were sent), checks what the golden record shows, and gives the withdrawal as shown.
    /// </summary>
    private async Task<JsonNode> WithdrawnInOnePassAsync(HttpResponseMessage response, string contactId, string channel)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var consentField = channel + "Consent";
        await Probe.WaitUntilAsync(async () => (await GoldenAsync(contactId))["profile"]?[consentField]?.GetValue<bool>() == false);
        var enrich = Azurite.CreateServices().GetQueueClient(QueueNames.ContactsEnrich);
        await Probe.WaitUntilAsync(async () => await enrich.ApproximateCountAsync() == 0);

        var consents = (await GoldenAsync(contactId))["goldenRecord"]!["consents"]!.AsArray();
        Assert.Equal([(true, GrantedAt), (false, WithdrawnAt)], consents.Select(c => ((bool)c!["granted"]!, (DateTimeOffset)c["at"]!)));
        Assert.All(consents, c => Assert.Equal(channel, ((string?)c!["channel"])?.ToLowerInvariant()));
        var grant = consents[0]!;
        Assert.Equal(("web-form", "offers-2026-03", "footer-signup", "2001:db8::7"),
            ((string?)grant["source"], (string?)grant["wordingVersion"], (string?)grant["formId"], (string?)grant["evidence"]!["ip"]));
        // Enrichment ran again on the withdrawn guest and planned nothing: the welcome of the grant is still the only trigger.
        Assert.Single(await TriggersOfAsync(contactId));
        return consents[1]!;
    }

    private async Task<List<JsonNode>> TriggersOfAsync(string contactId) =>
        (await Azurite.CreateServices().GetQueueClient(QueueNames.CampaignTriggers).PeekAsync(32))
            .Select(m => JsonNode.Parse(m.MessageText)!)
            .Where(t => (string?)t["contactId"] == contactId)
            .ToList();
}

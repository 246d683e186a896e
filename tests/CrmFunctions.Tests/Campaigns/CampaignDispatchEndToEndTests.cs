using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Core.Webhooks;
using CrmFunctions.Pipeline;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>
/// Campaign dispatch through the local runner (real Azurite), the provider being a stand-in on a local port: the app
/// is configured to send service-recovery triggers to Brevo's stand-in, quiet hours off.
/// </summary>
public abstract class CampaignDispatchTest : AppTest, IAsyncLifetime
{
    protected const string RecoveryTemplate = "41";
    protected const string ApiKey = "test-brevo-api-key";
    // Old enough that the consent raises no welcome of its own: the recovery is the one trigger of these guests.
    private static readonly DateTimeOffset ConsentedAt = Seconds(DateTimeOffset.UtcNow.AddDays(-60));

    protected CampaignDispatchTest(AzuriteFixture azurite, ProviderStandIn brevo, Action<CrmAppFactory>? configure = null)
        : base(azurite, f => { Configure(f, brevo); configure?.Invoke(f); }) => Brevo = brevo;

    protected ProviderStandIn Brevo { get; }

    private static void Configure(CrmAppFactory factory, ProviderStandIn brevo)
    {
        CrmAppFactory.RunPipelineInOrder(factory);
        factory.ExcludedFunctions.Clear();
        factory.Settings["Campaigns:Brevo:BaseUrl"] = brevo.BaseUrl.ToString();
        factory.Settings["Campaigns:Brevo:ApiKey"] = ApiKey;
        factory.Settings["Campaigns:Brevo:Templates:service_recovery:fr"] = RecoveryTemplate;
        factory.Settings["Campaigns:Destinations:service_recovery"] = "brevo";
        // Sent to Brevo, but without a template.
        factory.Settings["Campaigns:Destinations:welcome"] = "brevo";
        // No quiet hours: the tests run at any hour and check what is sent, not when.
        factory.Settings["Enrichment:Triggers:QuietStart"] = "00:00";
        factory.Settings["Enrichment:Triggers:QuietEnd"] = "00:00";
        factory.Settings["Campaigns:QuietHours:Start"] = "00:00";
        factory.Settings["Campaigns:QuietHours:End"] = "00:00";
    }

    protected PipelineProbe Probe => new(Azurite, Factory.Logs, TimeSpan.FromSeconds(90));

    protected static DateTimeOffset Seconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    protected static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A guest who consented to e-mail long ago, placed as a golden record.</summary>
    protected async Task<string> ConsentingGuestAsync(string givenName, string email)
    {
        var guest = $$"""
            {"givenName":"{{givenName}}","familyName":"Moreau","emails":["{{email}}"],"country":"FR","language":"fr",
             "consents":[{"channel":"email","granted":true,"at":"{{Iso(ConsentedAt)}}","source":"web-form"}]}
            """;
        var response = await Client.PostAsync("/api/contacts?source=web-form", Signing.Json(guest));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ingestionId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
        await Probe.WaitPlacedAsync("web-form", ingestionId, 1);
        return ContactIds.For(new ContactOrigin("web-form", ingestionId + "/0", default));
    }

    protected static CampaignTrigger Trigger(string contactId, string responseId) => new()
    {
        Kind = TriggerKinds.ServiceRecovery,
        Channel = "email",
        TemplateKey = "service-recovery.fr",
        ContactId = contactId,
        Reason = TriggerReasons.Detractor,
        DeduplicationKey = $"{contactId}:service-recovery:detractor:{DateTimeOffset.UtcNow:yyyy-MM}",
        NotBefore = DateTimeOffset.UtcNow.AddMinutes(-1),
        Language = "fr",
        ResponseId = responseId,
    };

    protected static CampaignTrigger TriggerFrom(JsonNode listed) =>
        Trigger((string)listed["contactId"]!, (string)listed["responseId"]!) with { DeduplicationKey = (string)listed["triggerId"]! };

    protected Task EnqueueAsync(CampaignTrigger trigger) =>
        Azurite.CreateServices().GetQueueClient(QueueNames.CampaignTriggers).SendMessageAsync(JsonSerializer.Serialize(trigger, PipelineJson.Options));

    /// <summary>
    /// Enqueues a trigger and waits until the runner took it off the queue. Counted against what was there before:
    /// an earlier test of the class may have left a message held for later.
    /// </summary>
    protected async Task EnqueueAndWaitTakenAsync(CampaignTrigger trigger)
    {
        var queue = Azurite.CreateServices().GetQueueClient(QueueNames.CampaignTriggers);
        var before = await queue.ApproximateCountAsync();
        await EnqueueAsync(trigger);
        await Probe.WaitUntilAsync(async () => await queue.ApproximateCountAsync() <= before);
    }

    /// <summary>Waits for the trigger of an answer on campaign-triggers-poison and gives the error it was parked with.</summary>
    protected async Task<string> ParkedErrorAsync(string responseId)
    {
        var poison = Azurite.CreateServices().GetQueueClient(QueueNames.Poison(QueueNames.CampaignTriggers));
        string? parked = null;
        await Probe.WaitUntilAsync(async () => (parked = (await poison.PeekMessagesAsync(32)).Value
            .Select(m => m.MessageText).FirstOrDefault(t => t.Contains(responseId, StringComparison.Ordinal))) is not null);
        return (string)JsonNode.Parse(parked!)!["error"]!;
    }

    protected async Task<JsonNode> WaitForTriggerAsync(string contactId, string status)
    {
        JsonNode? found = null;
        await Probe.WaitUntilAsync(async () => (found = await TriggerOrNullAsync(contactId)) is not null && (string?)found["status"] == status);
        return found!;
    }

    protected async Task<JsonNode> TriggerAsync(string contactId) => (await TriggerOrNullAsync(contactId))!;

    protected async Task<JsonNode?> TriggerOrNullAsync(string contactId)
    {
        var listed = (await Client.GetFromJsonAsync<JsonObject>("/api/campaigns/triggers?limit=500"))!["triggers"]!.AsArray();
        return listed.FirstOrDefault(t => (string?)t!["contactId"] == contactId);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Brevo.DisposeAsync().AsTask();
}

/// <summary>
/// What the pipeline plans reaches Brevo once, with the configured template; a redelivery sends nothing more; a guest
/// who withdrew in between gets nothing; a refusal parks the message with the provider's code and no guest data; a
/// rate limit is waited out; a refused key pauses dispatch.
/// </summary>
public sealed class CampaignDispatchEndToEndTests(AzuriteFixture azurite) : CampaignDispatchTest(azurite, ProviderStandIn.Start())
{
    [Fact]
    public async Task A_consenting_detractor_gets_one_service_recovery_email_even_when_the_trigger_is_delivered_again()
    {
        var contactId = await ConsentingGuestAsync("Lucie", "lucie.moreau@example.fr");
        var answeredAt = Seconds(DateTimeOffset.UtcNow.AddHours(-2));
        var survey = $$"""
            {"surveyId":"post-stay-2026","responseId":"resp-dispatch-1","propertyId":"paris-opera","channel":"email",
             "respondent":{"email":"lucie.moreau@example.fr","givenName":"Lucie","familyName":"Moreau"},"nps":3,
             "submittedAt":"{{Iso(answeredAt)}}"}
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await Client.SendAsync(Signing.SignedPost("/api/surveys", survey, CrmAppFactory.SurveysSecret))).StatusCode);

        var sent = await WaitForTriggerAsync(contactId, "sent");
        var request = Assert.Single(Brevo.Requests);
        Assert.Equal(("POST", "/v3/smtp/email", ApiKey), (request.Method, request.Path, request.Headers["api-key"]));
        var body = request.Json;
        Assert.Equal(int.Parse(RecoveryTemplate, CultureInfo.InvariantCulture), (int)body["templateId"]!);
        Assert.Equal("lucie.moreau@example.fr", (string?)body["to"]![0]!["email"]);
        // The answer behind the trigger, by the id the intake gave it.
        Assert.Equal(("Lucie", "service-recovery", "detractor", (string?)sent["responseId"]),
            ((string?)body["params"]!["firstName"], (string?)body["params"]!["kind"], (string?)body["params"]!["reason"], (string?)body["params"]!["responseId"]));
        Assert.NotNull((string?)body["headers"]!["idempotencyKey"]);
        Assert.Equal("<1.stand-in@smtp-relay.mailin.fr>", (string?)sent["providerMessageId"]);

        // The same trigger again, as after a crash between the provider's answer and the message's completion.
        await EnqueueAndWaitTakenAsync(TriggerFrom(sent));
        Assert.Single(Brevo.Requests);
        Assert.Equal("sent", (string?)(await TriggerAsync(contactId))["status"]);
    }

    [Fact]
    public async Task A_guest_who_unsubscribed_after_the_trigger_was_planned_gets_nothing()
    {
        var contactId = await ConsentingGuestAsync("Hugo", "hugo.lefevre@example.fr");
        var planned = Trigger(contactId, "resp-dispatch-2");
        var withdrawal = $$"""
            {"givenName":"Hugo","familyName":"Moreau","emails":["hugo.lefevre@example.fr"],
             "consents":[{"channel":"email","granted":false,"at":"{{Iso(Seconds(DateTimeOffset.UtcNow.AddMinutes(-5)))}}"}]}
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync("/api/contacts?source=preference-centre", Signing.Json(withdrawal))).StatusCode);
        await Probe.WaitUntilAsync(async () => (await GoldenAsync(contactId))["profile"]?["emailConsent"]?.GetValue<bool>() == false);

        await EnqueueAsync(planned);

        var skipped = await WaitForTriggerAsync(contactId, "skipped");
        Assert.Equal("no-consent", (string?)skipped["detail"]);
        Assert.Empty(Brevo.Requests);
    }

    [Fact]
    public async Task The_trigger_of_a_guest_whose_golden_record_is_gone_is_dropped_without_a_trace()
    {
        var gone = "ct-" + Guid.NewGuid().ToString("N")[..20];

        await EnqueueAndWaitTakenAsync(Trigger(gone, "resp-dispatch-9"));

        Assert.Empty(Brevo.Requests);
        Assert.Null(await TriggerOrNullAsync(gone));
    }

    [Fact]
    public async Task A_trigger_the_provider_refuses_is_parked_with_the_providers_code_and_no_guest_data()
    {
        var contactId = await ConsentingGuestAsync("Inès", "ines.garnier@example.fr");
        Brevo.AnswerNext(new ScriptedAnswer(HttpStatusCode.BadRequest,
            """{"code":"invalid_parameter","message":"email is not valid: ines.garnier@example.fr"}"""));

        await EnqueueAsync(Trigger(contactId, "resp-dispatch-3"));

        var error = await ParkedErrorAsync("resp-dispatch-3");
        Assert.Contains("brevo answered 400 invalid_parameter", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ines", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(contactId, error, StringComparison.Ordinal);
        Assert.Single(Brevo.Requests); // parked at once, not retried
        var failed = await TriggerAsync(contactId);
        Assert.Equal(("failed", "brevo answered 400 invalid_parameter"), ((string?)failed["status"], (string?)failed["detail"]));
        Assert.DoesNotContain("ines.garnier", string.Join("\n", Factory.Logs.Lines), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_rate_limited_send_is_retried_after_the_providers_delay_with_the_same_idempotency_key()
    {
        var contactId = await ConsentingGuestAsync("Noé", "noe.bertin@example.fr");
        Brevo.AnswerNext(new ScriptedAnswer(HttpStatusCode.TooManyRequests, """{"code":"too_many_requests"}""", RetryAfterSeconds: 1));

        await EnqueueAsync(Trigger(contactId, "resp-dispatch-4"));

        var sent = await WaitForTriggerAsync(contactId, "sent");
        var attempts = Brevo.Requests.ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal((string?)attempts[0].Json["headers"]!["idempotencyKey"], (string?)attempts[1].Json["headers"]!["idempotencyKey"]);
        Assert.Equal("<2.stand-in@smtp-relay.mailin.fr>", (string?)sent["providerMessageId"]);
    }

    [Fact]
    public async Task A_refused_api_key_pauses_dispatch_to_brevo_instead_of_spending_every_message()
    {
        var first = await ConsentingGuestAsync("Jade", "jade.roux@example.fr");
        var second = await ConsentingGuestAsync("Léon", "leon.roux@example.fr");
        Brevo.AnswerNext(new ScriptedAnswer(HttpStatusCode.Unauthorized, """{"code":"unauthorized","message":"Key not found"}"""));

        await EnqueueAsync(Trigger(first, "resp-dispatch-5"));
        var refused = await WaitForTriggerAsync(first, "retrying");
        await EnqueueAsync(Trigger(second, "resp-dispatch-6"));
        await Probe.WaitUntilAsync(() => Task.FromResult(Factory.Logs.Lines.Any(l => l.Contains("Dispatch to brevo is paused", StringComparison.Ordinal))));

        Assert.Equal("brevo answered 401 unauthorized", (string?)refused["detail"]);
        Assert.Single(Brevo.Requests);
        Assert.Null(await TriggerOrNullAsync(second));
        Assert.Contains(Factory.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("brevo refused our credentials", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kind_without_its_template_is_parked_naming_the_setting_and_is_not_reserved()
    {
        var contactId = await ConsentingGuestAsync("Zoé", "zoe.marchand@example.fr");
        var welcome = Trigger(contactId, "resp-dispatch-8") with
        {
            Kind = TriggerKinds.Welcome, Reason = TriggerReasons.NewConsent, TemplateKey = "welcome.fr", DeduplicationKey = $"{contactId}:welcome:new-consent:once",
        };

        await EnqueueAsync(welcome);

        Assert.Contains("Campaigns__Brevo__Templates__welcome__fr", await ParkedErrorAsync("resp-dispatch-8"), StringComparison.Ordinal);
        // Nothing reserved: once the template is set, the resubmitted message is sent like any other.
        Assert.Null(await TriggerOrNullAsync(contactId));
        Assert.Empty(Brevo.Requests);
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("status=sent&limit=many", "limit")]
    public async Task Listing_triggers_refuses_a_bad_parameter_naming_the_field(string query, string field)
    {
        var response = await Client.GetAsync("/api/campaigns/triggers?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field]);
    }

}

/// <summary>A kind configured for the outbound webhook goes there, signed with the Standard Webhooks scheme the intake verifies.</summary>
public sealed class CampaignWebhookEndToEndTests : CampaignDispatchTest
{
    private const string WebhookSecret = "test-campaign-webhook-secret";
    private readonly ProviderStandIn _receiver;

    public CampaignWebhookEndToEndTests(AzuriteFixture azurite) : this(azurite, ProviderStandIn.Start())
    {
    }

    private CampaignWebhookEndToEndTests(AzuriteFixture azurite, ProviderStandIn receiver) : base(azurite, ProviderStandIn.Start(), f =>
    {
        f.Settings["Campaigns:Destinations:service_recovery"] = "webhook";
        f.Settings["Campaigns:Webhook:Url"] = new Uri(receiver.BaseUrl, "/hooks/crm").ToString();
        f.Settings["Campaigns:Webhook:Secret"] = WebhookSecret;
    }) => _receiver = receiver;

    [Fact]
    public async Task A_kind_sent_to_the_webhook_is_signed_as_the_intake_verifies_it()
    {
        var contactId = await ConsentingGuestAsync("Rose", "rose.perrin@example.fr");

        await EnqueueAsync(Trigger(contactId, "resp-dispatch-7"));

        await Probe.WaitUntilAsync(() => Task.FromResult(!_receiver.Requests.IsEmpty));
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(WebhookSecret, request.Headers["webhook-id"], request.Headers["webhook-timestamp"],
            request.Headers["webhook-signature"], System.Text.Encoding.UTF8.GetBytes(request.Body), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.Equal(("campaign.trigger", "service-recovery", "rose.perrin@example.fr"),
            ((string?)request.Json["type"], (string?)request.Json["data"]!["kind"], (string?)request.Json["data"]!["email"]));
        Assert.Empty(Brevo.Requests);
    }

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// Quiet hours 21:00–09:00 at the property, through the local runner: the app's clock is set a few seconds before
/// nine at the property, so the end of quiet hours comes during the test.
/// </summary>
public sealed class CampaignQuietHoursEndToEndTests : CampaignDispatchTest
{
    private const string Property = "paris-opera";
    private static readonly TimeSpan BeforeNine = TimeSpan.FromSeconds(8);
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private readonly ShiftedClock _clock;

    public CampaignQuietHoursEndToEndTests(AzuriteFixture azurite) : this(azurite, new ShiftedClock())
    {
    }

    private CampaignQuietHoursEndToEndTests(AzuriteFixture azurite, ShiftedClock clock) : base(azurite, ProviderStandIn.Start(), f =>
    {
        f.Settings["Campaigns:QuietHours:Start"] = "21:00";
        f.Settings["Campaigns:QuietHours:End"] = "09:00";
        // The property's zone decides: at nine in Paris it is still night in the default zone.
        f.Settings["Campaigns:TimeZone"] = "America/New_York";
        f.Settings["Campaigns:TimeZones:paris_opera"] = "Europe/Paris";
        f.ConfigureServices = services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        };
    }) => _clock = clock;

    /// <summary>The next nine o'clock in Paris at least a minute ahead, so the planned time of the trigger is behind the app.</summary>
    private static DateTimeOffset NextNineInParis(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now.AddMinutes(1), Paris);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= new TimeOnly(9, 0)) day = day.AddDays(1);
        var nine = day.ToDateTime(new TimeOnly(9, 0));
        return new DateTimeOffset(nine, Paris.GetUtcOffset(nine));
    }

    [Fact]
    public async Task A_trigger_due_in_quiet_hours_at_its_property_is_held_and_sent_once_when_they_end()
    {
        var contactId = await ConsentingGuestAsync("Paul", "paul.girard@example.fr");
        var nine = NextNineInParis(DateTimeOffset.UtcNow);
        _clock.Offset = nine - BeforeNine - DateTimeOffset.UtcNow;

        await EnqueueAsync(Trigger(contactId, "resp-quiet-1") with { PropertyId = Property });

        await Probe.WaitUntilAsync(() => Task.FromResult(Factory.Logs.Lines.Any(l =>
            l.Contains("DispatchCampaignTrigger deferred message", StringComparison.Ordinal) && l.Contains("quiet hours", StringComparison.Ordinal))));
        Assert.True(_clock.GetUtcNow() < nine, "the machine was too slow to see the trigger within quiet hours");
        Assert.Empty(Brevo.Requests);
        Assert.Null(await TriggerOrNullAsync(contactId)); // nothing reserved: consent and the cap are read at nine

        var sent = await WaitForTriggerAsync(contactId, "sent");

        Assert.True(sent["sentAt"]!.GetValue<DateTimeOffset>() >= nine, $"sent at {sent["sentAt"]}, before nine at the property");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var request = Assert.Single(Brevo.Requests);
        Assert.Equal("/v3/smtp/email", request.Path);
        var poison = Azurite.CreateServices().GetQueueClient(QueueNames.Poison(QueueNames.CampaignTriggers));
        Assert.DoesNotContain(await poison.PeekAsync(), m => m.MessageText.Contains("resp-quiet-1", StringComparison.Ordinal));
    }
}

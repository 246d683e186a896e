using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>
/// The barometer's alert digests through the local runner (real Azurite) to the managers: a chat webhook and Brevo
/// e-mails per property list, both stand-ins on local ports.
/// </summary>
public sealed class ManagerAlertsEndToEndTests : AppTest, IAsyncLifetime
{
    private const string DashboardUrl = "https://crm.example";
    private const string ListedProperty = "riviera-bay";
    private const string Sender = "barometer@hotel-group.example";
    private static readonly string[] RivieraManagers = ["gm.riviera@hotel-group.example", "crm.riviera@hotel-group.example"];
    private const string GroupManager = "crm.director@hotel-group.example";
    private readonly ProviderStandIn _chat;
    private readonly ProviderStandIn _brevo;

    public ManagerAlertsEndToEndTests(AzuriteFixture azurite) : this(azurite, ProviderStandIn.Start(), ProviderStandIn.Start())
    {
    }

    private ManagerAlertsEndToEndTests(AzuriteFixture azurite, ProviderStandIn chat, ProviderStandIn brevo) : base(azurite, f =>
    {
        CrmAppFactory.RunPipelineInOrder(f);
        f.ExcludedFunctions.Clear();
        f.Settings["Barometers:Thresholds:nps:MinimumSample"] = "1";
        f.Settings["Barometers:Thresholds:nps:Warn"] = "30";
        f.Settings["Barometers:Thresholds:nps:Alert"] = "10";
        f.Settings["Campaigns:Alerts:WebhookUrl"] = new Uri(chat.BaseUrl, "/services/T000/B000/managers").ToString();
        f.Settings["Campaigns:Alerts:DashboardUrl"] = DashboardUrl;
        f.Settings["Campaigns:Alerts:Sender"] = Sender;
        f.Settings["Campaigns:Alerts:Emails:riviera_bay"] = string.Join("; ", RivieraManagers);
        f.Settings["Campaigns:Alerts:Emails:default"] = GroupManager;
        f.Settings["Campaigns:Brevo:BaseUrl"] = brevo.BaseUrl.ToString();
        f.Settings["Campaigns:Brevo:ApiKey"] = "test-brevo-api-key";
    }) => (_chat, _brevo) = (chat, brevo);

    private PipelineProbe Probe => new(Azurite, Factory.Logs, TimeSpan.FromSeconds(90));

    [Fact]
    public async Task An_alert_raised_by_a_refresh_reaches_the_managers_webhook_with_its_text_and_a_link_to_the_dashboard()
    {
        var property = NewProperty();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        await PostSurveyAsync(Client, property, now, 10);
        await RefreshAsync(Client);
        // The first evaluation is a baseline: posted as one line, not as an alert of this property.
        var baseline = await WaitForPostAsync(t => t.Contains("Baseline: ", StringComparison.Ordinal));
        Assert.DoesNotContain($"NPS, {property}", baseline, StringComparison.Ordinal);

        // 10, 0, 0 → NPS −33.3, under the alert level of 10 this week and this month.
        await PostSurveyAsync(Client, property, now, 0);
        await PostSurveyAsync(Client, property, now, 0);
        await RefreshAsync(Client);

        var text = await WaitForPostAsync(t => t.Contains($"NPS, {property}", StringComparison.Ordinal));
        var week = Period.Containing(PeriodKind.IsoWeek, DateOnly.FromDateTime(DateTime.UtcNow));
        var month = Period.Containing(PeriodKind.Month, DateOnly.FromDateTime(DateTime.UtcNow));
        // Week and month in one line, with the link to the dashboard on that property and week.
        Assert.Contains($"ALERT NPS, {property}: week {week.Label} ok → alert at -33.3 (level 10); month {month.Label} ok → alert at -33.3 (level 10)",
            text, StringComparison.Ordinal);
        Assert.Contains($"{DashboardUrl}/api/dashboard?period=week&date={week.Start:yyyy-MM-dd}&property={property}&indicator=nps", text, StringComparison.Ordinal);
        Assert.Single(_chat.Requests, r => r.Json["text"]!.ToString().Contains($"NPS, {property}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_digest_delivered_twice_posts_once_and_its_emails_go_once_to_each_list()
    {
        var label = "NPS " + Guid.NewGuid().ToString("N")[..8];
        var digest = AlertDigests.Build(DateTimeOffset.UtcNow, "test-" + label,
        [
            Change(label, ListedProperty, IndicatorStatus.Ok, IndicatorStatus.Alert, 2),
            Change(label, null, IndicatorStatus.Ok, IndicatorStatus.Warn, 25),
        ], []);

        await EnqueueAndWaitTakenAsync(digest);
        await Probe.WaitUntilAsync(() => Task.FromResult(PostsAbout(label) == 1 && EmailsAbout(label).Count == 2));
        // Again, as after a crash between the answers and the message's completion.
        await EnqueueAndWaitTakenAsync(digest);

        Assert.Equal(1, PostsAbout(label));
        var emails = EmailsAbout(label);
        Assert.Equal(2, emails.Count);
        var riviera = emails.Single(e => Recipients(e).SequenceEqual(RivieraManagers));
        Assert.Equal(("POST", "/v3/smtp/email", "test-brevo-api-key"), (riviera.Method, riviera.Path, riviera.Headers["api-key"]));
        Assert.Equal(Sender, (string?)riviera.Json["sender"]!["email"]);
        Assert.Equal("Barometer alerts: 1 change, 1 to alert (riviera-bay)", (string?)riviera.Json["subject"]);
        Assert.Contains($"{label}, {ListedProperty}", (string)riviera.Json["textContent"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("all properties", (string)riviera.Json["textContent"]!, StringComparison.Ordinal);
        Assert.Contains($"href=\"{DashboardUrl}/api/dashboard?period=week&amp;date=", (string)riviera.Json["htmlContent"]!, StringComparison.Ordinal);
        var group = emails.Single(e => Recipients(e).SequenceEqual([GroupManager]));
        Assert.Contains($"{label}, all properties", (string)group.Json["textContent"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(ListedProperty, (string)group.Json["textContent"]!, StringComparison.Ordinal);

        var sends = await SendsAsync(digest);
        Assert.Equal(3, sends.Count);
        Assert.All(sends, s => Assert.Equal(("alert-digest", "sent"), ((string?)s!["kind"], (string?)s["status"])));
        // The managers' addresses are personal data: not in the logs.
        var logs = string.Join("\n", Factory.Logs.Lines);
        Assert.DoesNotContain("hotel-group.example", logs, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_webhook_that_answers_500_is_tried_again_and_the_emails_already_sent_are_not_repeated()
    {
        var label = "NPS " + Guid.NewGuid().ToString("N")[..8];
        var digest = AlertDigests.Build(DateTimeOffset.UtcNow, "test-" + label, [Change(label, ListedProperty, IndicatorStatus.Warn, IndicatorStatus.Alert, 1)], []);
        _chat.AnswerNext(new ScriptedAnswer(System.Net.HttpStatusCode.InternalServerError));

        await EnqueueAsync(digest);
        await Probe.WaitUntilAsync(() => Task.FromResult(PostsAbout(label) == 2));

        Assert.Single(EmailsAbout(label));
        await Probe.WaitUntilAsync(async () => (await SendsAsync(digest)).All(s => (string?)s["status"] == "sent"));
    }

    [Fact]
    public async Task A_webhook_that_asks_to_wait_does_not_hold_back_the_emails()
    {
        var label = "NPS " + Guid.NewGuid().ToString("N")[..8];
        var digest = AlertDigests.Build(DateTimeOffset.UtcNow, "test-" + label, [Change(label, ListedProperty, IndicatorStatus.Warn, IndicatorStatus.Alert, 2)], []);
        _chat.AnswerNext(new ScriptedAnswer(System.Net.HttpStatusCode.TooManyRequests, RetryAfterSeconds: 600));

        await EnqueueAsync(digest);
        await Probe.WaitUntilAsync(() => Task.FromResult(EmailsAbout(label).Count == 1));

        Assert.Equal(1, PostsAbout(label));
        var sends = await SendsAsync(digest);
        Assert.Equal(["sent", "retrying"], sends.OrderBy(s => (string?)s["channel"]).Select(s => (string?)s["status"]));
    }

    [Fact]
    public async Task An_email_brevo_refuses_parks_the_digest_with_the_providers_code_and_no_address_after_the_webhook_post()
    {
        var label = "NPS " + Guid.NewGuid().ToString("N")[..8];
        var digest = AlertDigests.Build(DateTimeOffset.UtcNow, "test-" + label, [Change(label, ListedProperty, IndicatorStatus.Ok, IndicatorStatus.Warn, 8)], []);
        _brevo.AnswerNext(new ScriptedAnswer(System.Net.HttpStatusCode.BadRequest,
            """{"code":"invalid_parameter","message":"email is not valid: gm.riviera@hotel-group.example"}"""));

        await EnqueueAsync(digest);

        var poison = Azurite.CreateServices().GetQueueClient(QueueNames.Poison(QueueNames.CampaignTriggers));
        string? parked = null;
        await Probe.WaitUntilAsync(async () => (await poison.ExistsAsync()).Value && (parked = (await poison.PeekMessagesAsync(32)).Value
            .Select(m => m.MessageText).FirstOrDefault(t => t.Contains(digest.Id, StringComparison.Ordinal))) is not null);
        var error = (string)JsonNode.Parse(parked!)!["error"]!;
        Assert.Contains("brevo answered 400 invalid_parameter", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hotel-group.example", error, StringComparison.Ordinal);
        Assert.Single(EmailsAbout(label)); // parked at once, not retried
        Assert.Equal(1, PostsAbout(label));
        var sends = await SendsAsync(digest);
        Assert.Equal(["failed", "sent"], sends.OrderBy(s => (string?)s["channel"]).Select(s => (string?)s["status"]));
    }

    /// <summary>A change of NPS under a label of the test's own, which tells its posts and e-mails from the others'.</summary>
    private static DigestChange Change(string label, string? property, IndicatorStatus from, IndicatorStatus to, double value)
    {
        var week = Period.Containing(PeriodKind.IsoWeek, DateOnly.FromDateTime(DateTime.UtcNow));
        return new DigestChange("nps", label, $"week|property={property ?? "*"}|segment=*|channel=*", week, from, to, value, 10, value - 10);
    }

    private async Task<List<JsonNode>> SendsAsync(AlertDigest digest) =>
        [.. (await Client.GetFromJsonAsync<JsonObject>("/api/campaigns/triggers?limit=500"))!["triggers"]!.AsArray()
            .Where(t => ((string)t!["triggerId"]!).StartsWith(digest.Id, StringComparison.Ordinal)).Select(t => t!)];

    private static IEnumerable<string> Recipients(RecordedRequest email) =>
        email.Json["to"]!.AsArray().Select(t => (string)t!["email"]!);

    private int PostsAbout(string label) => _chat.Requests.Count(r => ((string)r.Json["text"]!).Contains(label, StringComparison.Ordinal));

    private List<RecordedRequest> EmailsAbout(string label) =>
        [.. _brevo.Requests.Where(r => ((string)r.Json["textContent"]!).Contains(label, StringComparison.Ordinal))];

    private async Task<string> WaitForPostAsync(Func<string, bool> about)
    {
        string? found = null;
        await Probe.WaitUntilAsync(() => Task.FromResult((found = _chat.Requests.Select(r => (string)r.Json["text"]!).FirstOrDefault(about)) is not null));
        return found!;
    }

    private Task EnqueueAsync(AlertDigest digest) =>
        Azurite.CreateServices().GetQueueClient(QueueNames.CampaignTriggers).SendMessageAsync(digest.ToJson());

    /// <summary>Enqueues a digest and waits until the runner took it off the queue.</summary>
    private async Task EnqueueAndWaitTakenAsync(AlertDigest digest)
    {
        var queue = Azurite.CreateServices().GetQueueClient(QueueNames.CampaignTriggers);
        var before = await queue.ApproximateCountAsync();
        await EnqueueAsync(digest);
        await Probe.WaitUntilAsync(async () => await queue.ApproximateCountAsync() <= before);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        await _brevo.DisposeAsync();
    }
}

/// <summary>Without a manager channel, a digest is completed with a warning naming the settings to set, not parked.</summary>
public sealed class ManagerAlertsWithoutChannelTests(AzuriteFixture azurite) : AppTest(azurite, f =>
{
    CrmAppFactory.RunPipelineInOrder(f);
    f.ExcludedFunctions.Clear();
})
{
    [Fact]
    public async Task A_digest_with_no_channel_is_completed_with_a_warning_naming_the_settings()
    {
        var digest = AlertDigests.Build(DateTimeOffset.UtcNow, "no-channel", [], [new FirstEvaluation("nps", "week|property=*|segment=*|channel=*", IndicatorStatus.Warn)]);
        var services = Azurite.CreateServices();
        await services.GetQueueClient(QueueNames.CampaignTriggers).SendMessageAsync(digest.ToJson());

        var probe = new PipelineProbe(Azurite, Factory.Logs, TimeSpan.FromSeconds(60));
        await probe.WaitUntilAsync(() => Task.FromResult(Factory.Logs.Lines.Any(l => l.Contains(digest.Id, StringComparison.Ordinal))));

        Assert.Contains(Factory.Logs.Lines, l => l.StartsWith("Warn", StringComparison.Ordinal) && l.Contains(digest.Id, StringComparison.Ordinal)
            && l.Contains("Campaigns__Alerts__WebhookUrl", StringComparison.Ordinal) && l.Contains("Campaigns__Alerts__Emails__default", StringComparison.Ordinal));
        await probe.WaitUntilAsync(async () => await services.GetQueueClient(QueueNames.CampaignTriggers).ApproximateCountAsync() == 0);
        var poison = services.GetQueueClient(QueueNames.Poison(QueueNames.CampaignTriggers));
        Assert.False((await poison.ExistsAsync()).Value && await poison.ApproximateCountAsync() > 0);
    }
}

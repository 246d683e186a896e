using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Messaging;
using CrmFunctions.Pipeline;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>
/// DispatchCampaignTrigger as the Functions host calls it, at 23:00 at the property: the trigger is scheduled again on
/// campaign-triggers for nine the next morning, and the delivery succeeds so Service Bus counts no attempt.
/// </summary>
public sealed class CampaignDeferralInFunctionsModeTests : AppTest
{
    private static readonly DateTimeOffset ElevenPmInParis = new(2026, 3, 28, 23, 0, 0, TimeSpan.FromHours(1));
    private readonly RecordingQueueSender _sent;

    public CampaignDeferralInFunctionsModeTests(AzuriteFixture azurite) : this(azurite, new RecordingQueueSender())
    {
    }

    private CampaignDeferralInFunctionsModeTests(AzuriteFixture azurite, RecordingQueueSender sent) : base(azurite, factory =>
    {
        factory.ExcludedFunctions.Clear();
        factory.Settings["Campaigns:Destinations:service_recovery"] = "brevo";
        factory.Settings["Campaigns:QuietHours:Start"] = "21:00";
        factory.Settings["Campaigns:QuietHours:End"] = "09:00";
        factory.Settings["Campaigns:TimeZone"] = "Europe/Paris";
        var clock = new ShiftedClock();
        clock.Offset = ElevenPmInParis - DateTimeOffset.UtcNow;
        factory.ConfigureServices = services =>
        {
            services.RemoveAll<IQueueSender>();
            services.AddSingleton<IQueueSender>(sent);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        };
    }) => _sent = sent;

    [Fact]
    public async Task A_trigger_due_in_quiet_hours_is_scheduled_for_their_end_the_night_the_clocks_go_forward()
    {
        var trigger = new CampaignTrigger
        {
            Kind = TriggerKinds.ServiceRecovery, Channel = "email", TemplateKey = "service-recovery.fr", ContactId = "ct-quiet-sb",
            Reason = TriggerReasons.Detractor, DeduplicationKey = "ct-quiet-sb:service-recovery:detractor:2026-03",
            NotBefore = ElevenPmInParis.AddHours(-1), Language = "fr", ResponseId = "resp-quiet-sb", PropertyId = "paris-opera",
        };
        var text = JsonSerializer.Serialize(trigger, PipelineJson.Options);
        var invocation = new JsonObject
        {
            ["Data"] = new JsonObject { ["msg"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) },
            ["Metadata"] = new JsonObject { ["DeliveryCount"] = "1", ["MessageId"] = "\"sb-7\"" },
        };

        var response = await Client.PostAsync("/DispatchCampaignTrigger", new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (queue, copy) = Assert.Single(_sent.Messages);
        Assert.Equal(QueueNames.CampaignTriggers, queue);
        Assert.Equal(text, copy.Text);
        // Nine in Paris on 29 March 2026 is 09:00+02:00: the clocks went forward in the night.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero), copy.NotBefore);
        Assert.StartsWith("sb-7~deferred-", copy.MessageId, StringComparison.Ordinal);
        // Nothing reserved in the sent-log: the morning's delivery decides as if it were the first.
        var row = await Client.GetStringAsync("/api/campaigns/triggers?limit=500");
        Assert.DoesNotContain("ct-quiet-sb", row, StringComparison.Ordinal);
    }
}

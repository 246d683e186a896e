using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Hosting;
using CrmFunctions.Messaging;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmFunctions.Tests.Hosting;

/// <summary>
/// A deferral in Functions mode: the host cannot hold a Service Bus message back, so the invocation schedules a copy
/// through the app's queue sender and succeeds. The sender is the edge here (no Service Bus namespace exists in tests):
/// it records what it was given; <see cref="Messaging.ServiceBusQueueSenderTests"/> shows what the SDK then receives.
/// </summary>
public sealed class FunctionsModeDeferralTests : AppTest
{
    private readonly RecordingQueueSender _sent;

    public FunctionsModeDeferralTests(AzuriteFixture azurite) : this(azurite, new RecordingQueueSender())
    {
    }

    private FunctionsModeDeferralTests(AzuriteFixture azurite, RecordingQueueSender sent) : base(azurite, factory =>
    {
        factory.ExtraFunctions.Add(FunctionDefinition.Queue<DeferUntilDueHandler>("DeferForTests", "defer-in", new QueueOutput("next", "defer-out")));
        factory.ConfigureServices = services =>
        {
            services.RemoveAll<IQueueSender>();
            services.AddSingleton<IQueueSender>(sent);
        };
    }) => _sent = sent;

    private static StringContent Invocation(string text, string messageId, int deliveryCount) => new(new JsonObject
    {
        ["Data"] = new JsonObject { ["msg"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) },
        ["Metadata"] = new JsonObject { ["DeliveryCount"] = deliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture), ["MessageId"] = JsonSerializer.Serialize(messageId) },
    }.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_deferred_message_is_scheduled_again_on_its_queue_and_the_delivery_succeeds_so_it_counts_no_attempt()
    {
        var due = DateTimeOffset.UtcNow.AddHours(1);
        var text = new JsonObject { ["contactRef"] = "sb-deferred-1", ["due"] = due }.ToJsonString();

        var before = DateTimeOffset.UtcNow;
        var response = await Client.PostAsync("/DeferForTests", Invocation(text, "m-42", 9));
        var after = DateTimeOffset.UtcNow;

        // 2xx: the host completes this delivery rather than redelivering it toward dead-lettering.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Empty(body["Outputs"]!.AsObject());
        Assert.Contains("deferred until", (string?)body["Logs"]![0]);
        var (queue, copy) = Assert.Single(_sent.Messages);
        Assert.Equal("defer-in", queue);
        Assert.Equal(text, copy.Text);
        Assert.NotNull(copy.NotBefore);
        // The handler's next step toward its due time.
        Assert.InRange(copy.NotBefore.Value, before + DeferUntilDueHandler.Step, after + DeferUntilDueHandler.Step);
        // Not the delivery's own id, which duplicate detection would drop; derived from it.
        Assert.StartsWith("m-42~deferred-", copy.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_deferred_again_keeps_its_original_id_and_gets_a_new_one_while_a_repeat_of_the_same_deferral_gets_the_same()
    {
        var until = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

        var first = Deferral.CopyId("m-42", "{}", until);
        var again = Deferral.CopyId(first, "{}", until);

        Assert.Equal(first, Deferral.CopyId("m-42", "{}", until));
        Assert.NotEqual(first, again);
        Assert.StartsWith("m-42~deferred-", again, StringComparison.Ordinal);
        Assert.NotEqual(first, Deferral.CopyId("m-42", "{}", until.AddDays(1)));
        Assert.True(Deferral.CopyId(new string('x', 200), "{}", until).Length <= 128);
    }

    [Fact]
    public async Task When_the_copy_cannot_be_sent_the_invocation_fails_so_the_message_is_not_lost()
    {
        _sent.FailNext = true;
        var text = new JsonObject { ["contactRef"] = "sb-deferred-2", ["due"] = DateTimeOffset.UtcNow.AddHours(1) }.ToJsonString();

        var response = await Client.PostAsync("/DeferForTests", Invocation(text, "m-43", 1));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(_sent.Messages);
    }
}

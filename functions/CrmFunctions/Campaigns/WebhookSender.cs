using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Campaigns;

/// <summary>
/// The signed outbound webhook (Standard Webhooks, the scheme the intake verifies): the trigger and its recipient,
/// with webhook-id stable per trigger so the receiver can drop a repeat.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<CampaignsOptions> options, TimeProvider clock) : ICampaignSender
{
    public const string ClientName = "campaign-webhook";
    public const string EventType = "campaign.trigger";

    public string Destination => Destinations.Webhook;

    public HttpRequestMessage Prepare(CampaignMessage message, DateTimeOffset now)
    {
        var webhook = options.Value.Webhook;
        if (webhook.Url is not { Length: > 0 } url || webhook.Secret is not { Length: > 0 } secret)
            throw new CampaignNotConfiguredException($"The campaign webhook needs {SettingNames.CampaignsWebhookUrl} and {SettingNames.CampaignsWebhookSecret}.");
        var body = Encoding.UTF8.GetBytes(Payload(message, now).ToJsonString());
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.IdHeader, message.WebhookId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, "v1," + WebhookSignature.Sign(secret, message.WebhookId, timestamp, body));
        return request;
    }

    public async Task<ProviderAnswer> SendAsync(CampaignMessage message, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var answer = await ProviderAnswers.SendAsync(clients, ClientName, request, clock, cancellationToken).ConfigureAwait(false);
        // A receiver need not give an id of its own: the webhook-id then names the message.
        return answer with { MessageId = answer.MessageId ?? message.WebhookId };
    }

    public static JsonObject Payload(CampaignMessage message, DateTimeOffset now)
    {
        var trigger = message.Trigger;
        var data = new JsonObject
        {
            ["triggerId"] = trigger.DeduplicationKey,
            ["kind"] = trigger.Kind,
            ["reason"] = trigger.Reason,
            ["channel"] = trigger.Channel,
            ["templateKey"] = trigger.TemplateKey,
            ["language"] = trigger.Language,
            ["contactId"] = message.Recipient.ContactId,
            ["responseId"] = trigger.ResponseId,
            ["surveyId"] = trigger.SurveyId,
            ["propertyId"] = trigger.PropertyId,
            ["firstName"] = message.Recipient.FirstName,
            [string.Equals(trigger.Channel, "sms", StringComparison.OrdinalIgnoreCase) ? "phone" : "email"] = message.Recipient.Address,
        };
        return new JsonObject { ["type"] = EventType, ["timestamp"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), ["data"] = data };
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Campaigns;

/// <summary>
/// Brevo's transactional API: an e-mail by template (POST /v3/smtp/email, with an idempotency key so a repeat within
/// Brevo's window is dropped) or an SMS (POST /v3/transactionalSMS/send, which has no such key).
/// </summary>
public sealed class BrevoSender(IHttpClientFactory clients, IOptions<CampaignsOptions> options, TimeProvider clock) : ICampaignSender
{
    public const string ClientName = "brevo";

    public string Destination => Destinations.Brevo;

    public HttpRequestMessage Prepare(CampaignMessage message, DateTimeOffset now)
    {
        var brevo = options.Value.Brevo;
        var apiKey = brevo.ApiKey is { Length: > 0 } key ? key : throw new CampaignNotConfiguredException($"No Brevo API key: set {SettingNames.CampaignsBrevoApiKey}.");
        var (path, body) = string.Equals(message.Recipient.Channel, "sms", StringComparison.OrdinalIgnoreCase)
            ? ("/v3/transactionalSMS/send", SmsBody(brevo, message))
            : ("/v3/smtp/email", EmailBody(brevo, message));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(brevo.BaseUrl), path)) { Content = JsonContent.Create(body) };
        request.Headers.Add("api-key", apiKey);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    public Task<ProviderAnswer> SendAsync(CampaignMessage message, HttpRequestMessage request, CancellationToken cancellationToken) =>
        ProviderAnswers.SendAsync(clients, ClientName, request, clock, cancellationToken);

    private static JsonObject EmailBody(BrevoOptions brevo, CampaignMessage message)
    {
        var trigger = message.Trigger;
        var templateId = long.TryParse(ByLanguage(brevo.Templates, trigger.Kind, trigger.Language), out var id) ? id
            : throw new CampaignNotConfiguredException(
                $"No Brevo template for {trigger.Kind} in {trigger.Language}: set {SettingNames.CampaignsBrevoTemplatePrefix}{SettingNames.Key(trigger.Kind)}__{trigger.Language} (or __default).");
        return new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["email"] = message.Recipient.Address }),
            ["templateId"] = templateId,
            ["params"] = TemplateParams(message),
            ["tags"] = Tags(trigger),
            ["headers"] = new JsonObject { ["idempotencyKey"] = message.IdempotencyKey.ToString() },
        };
    }

    private static JsonObject SmsBody(BrevoOptions brevo, CampaignMessage message)
    {
        var trigger = message.Trigger;
        var text = ByLanguage(brevo.SmsTexts, trigger.Kind, trigger.Language)
            ?? throw new CampaignNotConfiguredException(
                $"No SMS text for {trigger.Kind} in {trigger.Language}: set {SettingNames.CampaignsBrevoSmsTextPrefix}{SettingNames.Key(trigger.Kind)}__{trigger.Language} (or __default).");
        return new JsonObject
        {
            ["sender"] = brevo.SmsSender is { Length: > 0 } sender ? sender : throw new CampaignNotConfiguredException($"No SMS sender: set {SettingNames.CampaignsBrevoSmsSender}."),
            // Brevo wants the international number without its '+'.
            ["recipient"] = message.Recipient.Address.TrimStart('+'),
            ["content"] = text,
            ["type"] = "transactional",
            ["tag"] = trigger.Kind,
        };
    }

    /// <summary>
    /// The kind, and for a survey invitation "survey:{id}" and "property:{id}": Brevo sends the tags back with its
    /// events, so the delivered event counts as an invitation even before it is matched to the trigger.
    /// </summary>
    public static JsonArray Tags(CampaignTrigger trigger)
    {
        var tags = new JsonArray(trigger.Kind);
        if (trigger.SurveyId is { Length: > 0 } survey) tags.Add("survey:" + survey);
        if (trigger.PropertyId is { Length: > 0 } property) tags.Add("property:" + property);
        return tags;
    }

    /// <summary>What a template can show: the guest's first name and the trigger's ids.</summary>
    public static JsonObject TemplateParams(CampaignMessage message) => new()
    {
        ["firstName"] = message.Recipient.FirstName,
        ["kind"] = message.Trigger.Kind,
        ["reason"] = message.Trigger.Reason,
        ["language"] = message.Trigger.Language,
        ["responseId"] = message.Trigger.ResponseId,
        ["triggerId"] = message.Trigger.DeduplicationKey,
        ["surveyId"] = message.Trigger.SurveyId,
        ["propertyId"] = message.Trigger.PropertyId,
    };

    private static string? ByLanguage(Dictionary<string, Dictionary<string, string>> table, string kind, string language) =>
        table.TryGetValue(SettingNames.Key(kind), out var byLanguage)
            ? byLanguage.GetValueOrDefault(language) ?? byLanguage.GetValueOrDefault("default")
            : null;
}

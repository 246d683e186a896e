using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Campaigns.ManagerAlerts;

/// <summary>
/// Delivers a refresh's alert digest to the managers: one post to their webhook and one e-mail per list, each at
/// most once. A send is a sent-log row keyed by the digest id and the channel (and the list), reserved before the
/// call and completed with the answer, as for campaign triggers (<see cref="CampaignDispatcher"/>): a redelivered
/// digest finds what was already sent and sends only the rest.
/// </summary>
public sealed class ManagerAlertDispatcher(
    SentLog log, IHttpClientFactory clients, DestinationPauses pauses, UnsentAnswers unsent, IOptions<CampaignsOptions> options, TimeProvider clock,
    ILogger<ManagerAlertDispatcher> logger)
{
    public const string WebhookClientName = "manager-webhook";
    /// <summary>The destination name of the managers' webhook in the sent-log and in pauses.</summary>
    public const string WebhookDestination = "manager-webhook";
    public const string Reason = "barometer-alerts";

    private static readonly TimeSpan HeldElsewhere = TimeSpan.FromSeconds(30);

    /// <summary>One send of a digest: its sent-log key, channel, destination and prepared request.</summary>
    private sealed record Send(string Key, string Channel, string Destination, string Name, HttpRequestMessage Request, TimeSpan? IdempotencyWindow);

    /// <summary>Returns what became of the digest, for the invocation's log; throws for the queue to retry or park it.</summary>
    public async Task<string> DeliverAsync(AlertDigest digest, CancellationToken cancellationToken)
    {
        var alerts = options.Value.Alerts;
        if (!alerts.HasWebhook && !alerts.HasEmails)
        {
            // Not parked: the alerts are in the history, and a digest is news only while it is fresh.
            logger.LogWarning("Alert digest {Digest} not delivered: no manager channel configured; set {WebhookSetting} or {EmailsSetting}default "
                + "(its alerts are in GET /api/barometers/alerts)", digest.Id, SettingNames.CampaignsAlertsWebhookUrl, SettingNames.CampaignsAlertsEmailsPrefix);
            return $"alert digest {digest.Id} not delivered: no manager channel configured";
        }

        // Every request is prepared before anything is sent: a missing setting parks the digest with nothing reserved.
        var sends = new List<Send>();
        try
        {
            if (alerts.HasWebhook) sends.Add(WebhookSend(digest, alerts));
            sends.AddRange(ManagerRecipients.EmailsOf(alerts, digest).Select(list => EmailSend(digest, list, alerts)));
            if (sends.Count == 0)
                return $"alert digest {digest.Id}: nothing for the configured lists (no list for its properties, no {SettingNames.CampaignsAlertsEmailsPrefix}default)";

            var done = new List<string>();
            RetryLaterException? retry = null;
            DeferException? deferred = null;
            CampaignRefusedException? refused = null;
            foreach (var send in sends)
            {
                // One channel's trouble does not hold back the others: each is recorded on its own row.
                try
                {
                    done.Add(await DeliverOneAsync(digest, send, cancellationToken).ConfigureAwait(false));
                }
                catch (RetryLaterException e)
                {
                    if (retry is null || e.RetryAfter > retry.RetryAfter) retry = e;
                }
                catch (DeferException e)
                {
                    if (deferred is null || e.Until > deferred.Until) deferred = e;
                }
                catch (CampaignRefusedException e)
                {
                    refused ??= e;
                }
            }
            // A failed attempt comes back soonest; a channel still waiting then defers again on its own row.
            if (retry is not null) throw retry;
            if (deferred is not null) throw deferred;
            if (refused is not null) throw refused;
            return string.Join("; ", done);
        }
        finally
        {
            foreach (var send in sends) send.Request.Dispose();
        }
    }

    private async Task<string> DeliverOneAsync(AlertDigest digest, Send send, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var existing = await log.GetAsync(send.Key, cancellationToken).ConfigureAwait(false);
        switch (DispatchPolicy.OnExisting(existing, send.IdempotencyWindow, now))
        {
            case Redelivery.Complete:
                return $"{send.Name} already {existing!.Status}";
            case Redelivery.FailAgain:
                throw new CampaignRefusedException($"Alert digest {digest.Id}: {send.Name} was refused before: {existing!.Detail}.");
            case Redelivery.MarkUncertain:
                await log.WriteAsync(existing! with { Status = SendStatus.Uncertain, UpdatedAt = now,
                    Detail = "interrupted while sending; the receiver cannot tell a repeat, so it is not sent again" }, cancellationToken).ConfigureAwait(false);
                logger.LogWarning("Alert digest {Digest}: the {Send} was interrupted while sending; marked uncertain, not sent again", digest.Id, send.Name);
                return $"{send.Name} uncertain";
        }
        if (pauses.Remaining(send.Destination, now) is { } wait)
            throw new DeferException($"Dispatch to {send.Destination} is paused: it refused our credentials.", now + wait);

        var reserved = new SendRow
        {
            DeduplicationKey = send.Key,
            Kind = AlertDigest.MessageKind,
            Reason = Reason,
            Channel = send.Channel,
            // Not about a guest.
            ContactId = "",
            Destination = send.Destination,
            Status = SendStatus.Sending,
            ReservedAt = existing?.Status == SendStatus.Sending ? existing.ReservedAt : now,
            UpdatedAt = now,
            ETag = existing?.ETag ?? default,
        };
        if (!await log.TryReserveAsync(reserved, existing, cancellationToken).ConfigureAwait(false))
            throw new RetryLaterException($"Alert digest {digest.Id}: the {send.Name} is being sent by another delivery.", HeldElsewhere);

        // An exception here (timeout, connection lost) leaves the row "sending": the next delivery applies the crash rule.
        var answer = await ProviderAnswers.SendAsync(clients, send.Destination == WebhookDestination ? WebhookClientName : BrevoSender.ClientName,
            send.Request, clock, cancellationToken).ConfigureAwait(false);
        now = clock.GetUtcNow();
        var outcome = DispatchPolicy.Classify(answer);
        if (outcome != Outcome.Sent)
            throw await unsent.RecordAsync(reserved, send.Destination, answer, outcome, $"Alert digest {digest.Id}: the {send.Name}",
                $"Alert digest {digest.Id}: the {send.Name} was refused", now, cancellationToken).ConfigureAwait(false);
        await log.WriteAsync(reserved with { Status = SendStatus.Sent, ProviderMessageId = answer.MessageId, SentAt = now, UpdatedAt = now },
            cancellationToken).ConfigureAwait(false);
        return $"{send.Name} sent";
    }

    /// <summary>{"text": ...}: what Slack's incoming webhooks and Teams' connector webhooks read.</summary>
    private static Send WebhookSend(AlertDigest digest, ManagerAlertsOptions alerts)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, alerts.WebhookUrl)
        {
            Content = JsonContent.Create(new JsonObject { ["text"] = DigestText.Text(digest, alerts.DashboardUrl) }),
        };
        // No idempotency key to give a chat webhook: after a crash while posting, the post is not repeated.
        return new Send($"{digest.Id}|webhook", "webhook", WebhookDestination, "manager webhook post", request, IdempotencyWindow: null);
    }

    /// <summary>Brevo's transactional e-mail with its own subject and content (no template to keep), to one list.</summary>
    private Send EmailSend(AlertDigest digest, EmailList list, ManagerAlertsOptions alerts)
    {
        var brevo = options.Value.Brevo;
        var apiKey = brevo.ApiKey is { Length: > 0 } key ? key
            : throw new CampaignNotConfiguredException($"Alert e-mails go through Brevo: set {SettingNames.CampaignsBrevoApiKey}.");
        var sender = alerts.Sender is { Length: > 0 } s ? s
            : throw new CampaignNotConfiguredException($"Alert e-mails need a sender: set {SettingNames.CampaignsAlertsSender}.");
        var sendKey = $"{digest.Id}|email|{list.Key}";
        var body = new JsonObject
        {
            ["sender"] = new JsonObject { ["email"] = sender, ["name"] = "Barometer alerts" },
            ["to"] = new JsonArray([.. list.Addresses.Select(a => (JsonNode)new JsonObject { ["email"] = a })]),
            ["subject"] = DigestText.Subject(list.Part, list.Property),
            ["htmlContent"] = DigestText.Html(list.Part, alerts.DashboardUrl),
            ["textContent"] = DigestText.Text(list.Part, alerts.DashboardUrl),
            ["tags"] = new JsonArray(AlertDigest.MessageKind),
            ["headers"] = new JsonObject { ["idempotencyKey"] = IdempotencyKey(sendKey).ToString() },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(brevo.BaseUrl), "/v3/smtp/email")) { Content = JsonContent.Create(body) };
        request.Headers.Add("api-key", apiKey);
        request.Headers.Accept.ParseAdd("application/json");
        return new Send(sendKey, "email", Destinations.Brevo, $"e-mail to the {list.Key} list", request,
            DispatchPolicy.IdempotencyWindow(Destinations.Brevo, "email"));
    }

    private static Guid IdempotencyKey(string key) => new(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
}

using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Hosting;
using CrmFunctions.Pipeline;
using CrmFunctions.Privacy;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Campaigns;

/// <summary>A trigger the provider refused for good: parked with the provider's status and code, no guest data.</summary>
public sealed class CampaignRefusedException(string message) : PermanentFunctionFailureException(message);

/// <summary>
/// Delivers one campaign trigger, at most once: the sent-log row is read first (a redelivery of a trigger sent or
/// stopped ends there), the guest is checked again as of now, the row is reserved "sending" before the provider is
/// called and records its answer after. See <see cref="DispatchPolicy"/> for the rules. Waiting (quiet hours at the
/// property, a paused destination, a provider's Retry-After on 429) throws <see cref="DeferException"/>: the message
/// comes back then as a new delivery, so a trigger deferred night after night never reaches the poison queue.
/// </summary>
public sealed class CampaignDispatcher(
    SentLog log, GoldenRecordStore goldens, Suppressions suppressions, IEnumerable<ICampaignSender> senders,
    DestinationPauses pauses, UnsentAnswers unsent, IOptions<CampaignsOptions> options, TimeProvider clock, ILogger<CampaignDispatcher> logger)
{
    private static readonly TimeSpan HeldElsewhere = TimeSpan.FromSeconds(30);

    /// <summary>Returns what became of the trigger, for the invocation's log; throws for the queue to retry or park it.</summary>
    public async Task<string> DispatchAsync(CampaignTrigger trigger, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = trigger.DeduplicationKey;
        if (trigger.NotBefore > now)
            throw new DeferException($"Trigger {key} waits for the time it was planned for.", trigger.NotBefore);
        var destination = DispatchPolicy.DestinationOf(options.Value, trigger.Kind)
            ?? throw new CampaignNotConfiguredException(
                $"No destination for {trigger.Kind}: set {SettingNames.CampaignsDestinationPrefix}{SettingNames.Key(trigger.Kind)} to brevo or webhook.");
        var existing = await log.GetAsync(key, cancellationToken).ConfigureAwait(false);
        switch (DispatchPolicy.OnExisting(existing, DispatchPolicy.IdempotencyWindow(destination, trigger.Channel), now))
        {
            case Redelivery.Complete:
                if (existing!.Status == SendStatus.Sent)
                    await log.CountSendAsync(existing.ContactId, key, existing.SentAt ?? now, cancellationToken).ConfigureAwait(false);
                return $"trigger {key} already {existing.Status}";
            case Redelivery.FailAgain:
                throw new CampaignRefusedException($"A {trigger.Kind} trigger ({trigger.Channel}) was refused before: {existing!.Detail}.");
            case Redelivery.MarkUncertain:
                await log.WriteAsync(existing! with { Status = SendStatus.Uncertain, UpdatedAt = now,
                    Detail = "interrupted while sending; the provider cannot tell a repeat, so it is not sent again" }, cancellationToken).ConfigureAwait(false);
                logger.LogWarning("Campaign trigger {Key} was interrupted while sending by {Destination}: marked uncertain, not sent again", key, destination);
                return $"trigger {key} uncertain";
        }
        if (pauses.Remaining(destination, now) is { } wait)
            throw new DeferException($"Dispatch to {destination} is paused: it refused our credentials.", now + wait);
        // Checked after the sent-log, so a redelivery of a trigger already sent completes at once, and before the
        // guest, so consent and the weekly cap are read as of the actual send. A send interrupted just before quiet
        // hours is finished now: by morning the provider would no longer recognise its repeat.
        if (existing?.Status != SendStatus.Sending && DispatchPolicy.QuietUntil(options.Value, ZoneOf(trigger), now) is { } quietEnd)
            throw new DeferException($"Trigger {key} waits for the end of quiet hours at its property.", quietEnd);

        var (recipient, skip) = await RecipientAsync(trigger, now, cancellationToken).ConfigureAwait(false);
        // An erased guest: a row would file their id again after the erasure took their rows out.
        if (skip == DispatchPolicy.NoGoldenRecord)
            return $"trigger of {trigger.Kind} dropped: its guest is gone";
        var row = Row(trigger, destination, existing, now);
        if (skip is not null)
        {
            await log.WriteAsync(row with { Status = SendStatus.Skipped, Detail = skip }, cancellationToken).ConfigureAwait(false);
            return $"trigger {key} skipped: {skip}";
        }

        var message = new CampaignMessage(trigger, recipient!);
        var sender = senders.First(s => s.Destination == destination);
        using var request = sender.Prepare(message, now);
        var reserved = row with { Status = SendStatus.Sending, ReservedAt = existing?.Status == SendStatus.Sending ? existing.ReservedAt : now };
        if (!await log.TryReserveAsync(reserved, existing, cancellationToken).ConfigureAwait(false))
            throw new RetryLaterException($"Trigger {key} is being sent by another delivery.", HeldElsewhere);
        return await SendAsync(message, sender, request, reserved, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The time zone of the trigger's property. The zones are checked at start-up; one this machine does not know
    /// (its time zone data changed underneath) parks the trigger naming the setting to fix.
    /// </summary>
    private TimeZoneInfo ZoneOf(CampaignTrigger trigger)
    {
        var id = DispatchPolicy.ZoneIdOf(options.Value, trigger.PropertyId);
        return CampaignsOptions.FindZone(id) ?? throw new CampaignNotConfiguredException(
            $"Unknown time zone '{id}': set {DispatchPolicy.ZoneSettingOf(options.Value, trigger.PropertyId)} to an IANA id such as Europe/Paris.");
    }

    /// <summary>The guest as of now (following merges): the address on the trigger's channel, or why not to write.</summary>
    private async Task<(Recipient? Recipient, string? SkipReason)> RecipientAsync(CampaignTrigger trigger, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var golden = (await goldens.FindLiveAsync(trigger.ContactId, cancellationToken).ConfigureAwait(false))?.Record;
        var (recipient, skip) = DispatchPolicy.RecipientOf(trigger, golden);
        if (recipient is null) return (null, skip);
        var sms = recipient.Channel == "sms";
        var suppressed = await suppressions.HoldsAnyAsync(sms ? [] : [recipient.Address], sms ? [recipient.Address] : [], cancellationToken).ConfigureAwait(false);
        var sentThisWeek = await log.SentSinceAsync(recipient.ContactId, now.AddDays(-7), cancellationToken).ConfigureAwait(false);
        return DispatchPolicy.HoldBack(suppressed, sentThisWeek, options.Value.MaxPerGuestPerWeek) is { } held ? (null, held) : (recipient, null);
    }

    private async Task<string> SendAsync(CampaignMessage message, ICampaignSender sender, HttpRequestMessage request, SendRow reserved,
        CancellationToken cancellationToken)
    {
        // An exception here (timeout, connection lost) leaves the row "sending": the next delivery applies the crash rule.
        var answer = await sender.SendAsync(message, request, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var key = message.Trigger.DeduplicationKey;
        var outcome = DispatchPolicy.Classify(answer);
        if (outcome != Outcome.Sent)
            throw await unsent.RecordAsync(reserved, sender.Destination, answer, outcome, $"Trigger {key}",
                $"A {message.Trigger.Kind} trigger ({message.Trigger.Channel}) was refused", now, cancellationToken).ConfigureAwait(false);
        var sent = reserved with { Status = SendStatus.Sent, ProviderMessageId = answer.MessageId, SentAt = now, UpdatedAt = now, Detail = null };
        await log.WriteAsync(sent, cancellationToken).ConfigureAwait(false);
        // After the row that says "sent": an event about the message can only attach to a sent trigger.
        if (sent.ProviderMessageId is not null)
            await log.IndexMessageAsync(sent, cancellationToken).ConfigureAwait(false);
        await log.CountSendAsync(message.Recipient.ContactId, key, now, cancellationToken).ConfigureAwait(false);
        return $"trigger {key} sent by {sender.Destination} as {answer.MessageId}";
    }

    private static SendRow Row(CampaignTrigger trigger, string destination, SendRow? existing, DateTimeOffset now) => new()
    {
        DeduplicationKey = trigger.DeduplicationKey,
        Kind = trigger.Kind,
        Reason = trigger.Reason,
        Channel = trigger.Channel,
        ContactId = trigger.ContactId,
        TemplateKey = trigger.TemplateKey,
        Language = trigger.Language,
        ResponseId = trigger.ResponseId,
        SurveyId = trigger.SurveyId,
        PropertyId = trigger.PropertyId,
        Destination = destination,
        Status = SendStatus.Sending,
        UpdatedAt = now,
        ETag = existing?.ETag ?? default,
    };
}

using System.Net;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Campaigns;

/// <summary>Whom a trigger goes to: the address on its channel and the guest's first name for the template.</summary>
public sealed record Recipient(string ContactId, string Channel, string Address, string? FirstName);

/// <summary>What the sent-log row found for a trigger means for this delivery.</summary>
public enum Redelivery
{
    /// <summary>Nothing recorded, or the provider said it did not take it: send.</summary>
    Send,
    /// <summary>A crash left it "sending" and the provider drops a repeat of the same key: send again with that key.</summary>
    SendAgainSameKey,
    /// <summary>Sent, skipped or uncertain already: done without sending.</summary>
    Complete,
    /// <summary>Refused for good earlier: fail the same way, without calling the provider.</summary>
    FailAgain,
    /// <summary>A crash left it "sending" and a repeat could reach the guest twice: mark it uncertain, do not send.</summary>
    MarkUncertain,
}

/// <summary>How a provider's answer is taken.</summary>
public enum Outcome { Sent, Retry, Unauthorized, Refused }

/// <summary>What a provider answered: status, its message id, its error code (never its message, which may quote an address).</summary>
public sealed record ProviderAnswer(HttpStatusCode Status, string? MessageId, string? ErrorCode, TimeSpan? RetryAfter);

/// <summary>
/// The decisions of dispatch, free of I/O: the destination of a kind, the recipient and whether the guest may be
/// written to now (consent in force, suppression, weekly cap), how a provider's answer is taken and what a
/// redelivered trigger's sent-log row calls for.
/// </summary>
public static class DispatchPolicy
{
    /// <summary>Brevo keeps an e-mail's idempotency key 15 minutes (30 in its later notes); we trust it for 10.</summary>
    public static readonly TimeSpan BrevoIdempotencyWindow = TimeSpan.FromMinutes(10);

    public const string NoGoldenRecord = "no-golden-record";
    public const string NoConsent = "no-consent";
    public const string Unreachable = "unreachable";
    public const string Suppressed = "suppressed";
    public const string WeeklyCap = "weekly-cap";

    /// <summary>The destination configured for a kind, or null.</summary>
    public static string? DestinationOf(CampaignsOptions options, string kind) =>
        options.Destinations.TryGetValue(SettingNames.Key(kind), out var destination) && destination is Destinations.Brevo or Destinations.Webhook
            ? destination : null;

    /// <summary>The recipient of a trigger at send time, or why there is none (the consent in force decides, as when it was planned).</summary>
    public static (Recipient? Recipient, string? SkipReason) RecipientOf(CampaignTrigger trigger, GoldenRecord? golden)
    {
        if (golden is null) return (null, NoGoldenRecord);
        if (ConsentLedger.ParseChannel(trigger.Channel) is not { } channel
            || !ConsentLedger.Current(golden.Consents).TryGetValue(channel, out var consent) || !consent.Granted)
            return (null, NoConsent);
        var address = channel switch
        {
            ConsentChannel.Email => golden.Emails.Select(e => e.Value)
                .FirstOrDefault(e => (e.Flags & (EmailFlags.Disposable | EmailFlags.Placeholder)) == 0)?.Address,
            ConsentChannel.Sms => golden.Phones.Select(p => p.Value)
                .FirstOrDefault(p => p.LineType is PhoneLineType.Mobile or PhoneLineType.FixedOrMobile)?.E164,
            _ => null,
        };
        return address is null
            ? (null, Unreachable)
            : (new Recipient(golden.ContactId, trigger.Channel, address, golden.Name?.GivenName), null);
    }

    /// <summary>Why a reachable, consenting guest is still not written to now, or null to send.</summary>
    public static string? HoldBack(bool suppressed, int sentThisWeek, int maxPerGuestPerWeek) =>
        suppressed ? Suppressed
        : maxPerGuestPerWeek > 0 && sentThisWeek >= maxPerGuestPerWeek ? WeeklyCap
        : null;

    public static Outcome Classify(ProviderAnswer answer) => (int)answer.Status switch
    {
        >= 200 and < 300 => Outcome.Sent,
        401 or 403 => Outcome.Unauthorized,
        408 or 429 or >= 500 => Outcome.Retry,
        _ => Outcome.Refused,
    };

    /// <summary>
    /// What a delivery does given the row a previous one left. "sending" means a crash between the reservation and
    /// the record of the answer: the provider may or may not have the message. Sent again only with the same
    /// idempotency key and while the provider still remembers it (<paramref name="idempotencyWindow"/>; null when
    /// it has none, as Brevo's SMS).
    /// </summary>
    public static Redelivery OnExisting(SendRow? existing, TimeSpan? idempotencyWindow, DateTimeOffset now) => existing?.Status switch
    {
        null or SendStatus.Retrying => Redelivery.Send,
        SendStatus.Failed => Redelivery.FailAgain,
        SendStatus.Sending when idempotencyWindow is { } window && existing.ReservedAt is { } at && now - at <= window
            => Redelivery.SendAgainSameKey,
        SendStatus.Sending => Redelivery.MarkUncertain,
        _ => Redelivery.Complete,
    };

    /// <summary>
    /// The IANA zone whose clock the quiet hours of a trigger follow: its property's (Campaigns__TimeZones__{property}),
    /// else the default (Campaigns__TimeZone).
    /// </summary>
    public static string ZoneIdOf(CampaignsOptions options, string? propertyId) =>
        propertyId is { Length: > 0 } property && options.TimeZones.TryGetValue(SettingNames.Key(property), out var zone) && zone is { Length: > 0 }
            ? zone : options.TimeZone;

    /// <summary>The setting that names the zone <see cref="ZoneIdOf"/> chose, for the error when the zone is unknown.</summary>
    public static string ZoneSettingOf(CampaignsOptions options, string? propertyId) =>
        propertyId is { Length: > 0 } property && options.TimeZones.ContainsKey(SettingNames.Key(property))
            ? SettingNames.CampaignsTimeZonePrefix + SettingNames.Key(property) : SettingNames.CampaignsTimeZone;

    /// <summary>Until when a trigger waits because it is quiet hours at its property, or null to send now.</summary>
    public static DateTimeOffset? QuietUntil(CampaignsOptions options, TimeZoneInfo zone, DateTimeOffset now) =>
        QuietHours.EndOf(now, options.QuietHours.Start, options.QuietHours.End, zone);

    /// <summary>How long the provider remembers a request key, by destination and channel; null when it does not dedupe.</summary>
    public static TimeSpan? IdempotencyWindow(string destination, string channel) => destination switch
    {
        // Standard Webhooks receivers dedupe on webhook-id, which stays the same for a trigger.
        Destinations.Webhook => TimeSpan.MaxValue,
        Destinations.Brevo when string.Equals(channel, "email", StringComparison.OrdinalIgnoreCase) => BrevoIdempotencyWindow,
        _ => null,
    };
}

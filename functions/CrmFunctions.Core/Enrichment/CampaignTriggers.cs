using System.Globalization;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Enrichment;

/// <summary>What a trigger rule fires for, used in its de-duplication key.</summary>
public enum TriggerPeriod
{
    Day,
    Week,
    Month,
    Quarter,
    Year,
    /// <summary>Once in the guest's life (welcome).</summary>
    Once,
    /// <summary>Once per stay (survey invitation): the key names the stay's property and check-out date.</summary>
    Stay,
}

public record TriggerRule
{
    public bool Enabled { get; init; } = true;
    /// <summary>Template name; the key sent is "{Template}.{language}".</summary>
    public required string Template { get; init; }
    public static readonly IReadOnlyList<string> DefaultChannels = ["email", "sms"];

    /// <summary>
    /// Channels in order of preference (default email, then sms): the first one the guest consented to and can be
    /// reached on is used. A configured list replaces the default.
    /// </summary>
    public IReadOnlyList<string>? Channels { get; init; }

    internal IReadOnlyList<string> ChannelsInOrder => Channels is { Count: > 0 } channels ? channels : DefaultChannels;
    /// <summary>At most one trigger per guest per reason per period, the period being the one of the event that fired it.</summary>
    public TriggerPeriod Period { get; init; } = TriggerPeriod.Month;
    /// <summary>The event (the answer, the consent) must be at most this old: re-enriching an old guest fires nothing.</summary>
    public int MaxAgeDays { get; init; } = 14;
}

/// <summary>The rule of survey invitations: a trigger rule that also names the survey the guest is invited to.</summary>
public sealed record SurveyInvitationRule : TriggerRule
{
    /// <summary>The survey invited to: its delivery counts as an invitation in that survey's response rate.</summary>
    public string SurveyId { get; init; } = "post-stay";
}

public sealed record TriggerOptions
{
    /// <summary>Detractor (or complaint) → a service-recovery follow-up.</summary>
    public TriggerRule ServiceRecovery { get; init; } = new() { Template = "service-recovery", Period = TriggerPeriod.Month, MaxAgeDays = 14 };
    /// <summary>A complaint in the latest answer calls for recovery even when the NPS question was skipped or not low.</summary>
    public bool RecoverComplaints { get; init; } = true;
    /// <summary>Promoter → an invitation to post a public review.</summary>
    public TriggerRule ReviewInvitation { get; init; } = new() { Template = "review-invitation", Period = TriggerPeriod.Quarter, MaxAgeDays = 7 };
    /// <summary>
    /// A stay that has just ended and that the guest has not answered a survey for → an invitation to the post-stay
    /// survey, once per stay; the event is the check-out date, so it is due for <see cref="TriggerRule.MaxAgeDays"/> days.
    /// </summary>
    public SurveyInvitationRule SurveyInvitation { get; init; } = new() { Template = "survey-invitation", Period = TriggerPeriod.Stay, MaxAgeDays = 3 };
    /// <summary>A guest who has just consented on a channel → a welcome on that channel.</summary>
    public TriggerRule Welcome { get; init; } = new() { Template = "welcome", Period = TriggerPeriod.Once, MaxAgeDays = 30 };

    /// <summary>Local hours in which nothing is sent; a trigger due then waits for <see cref="QuietEnd"/>. Start after end spans midnight.</summary>
    public TimeOnly QuietStart { get; init; } = new(21, 0);
    public TimeOnly QuietEnd { get; init; } = new(8, 0);
    /// <summary>IANA zone of guests whose country has none below.</summary>
    public string DefaultTimeZone { get; init; } = "Europe/Paris";
    public IReadOnlyDictionary<string, string> TimeZonesByCountry { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["FR"] = "Europe/Paris", ["BE"] = "Europe/Brussels", ["CH"] = "Europe/Zurich", ["LU"] = "Europe/Luxembourg",
        ["MC"] = "Europe/Monaco", ["DE"] = "Europe/Berlin", ["AT"] = "Europe/Vienna", ["ES"] = "Europe/Madrid",
        ["IT"] = "Europe/Rome", ["PT"] = "Europe/Lisbon", ["NL"] = "Europe/Amsterdam", ["GB"] = "Europe/London",
        ["IE"] = "Europe/Dublin",
    };
}

public static class TriggerKinds
{
    public const string ServiceRecovery = "service-recovery";
    public const string ReviewInvitation = "review-invitation";
    public const string Welcome = "welcome";
    public const string SurveyInvitation = "survey-invitation";
}

public static class TriggerReasons
{
    public const string Detractor = "detractor";
    public const string Complaint = "complaint";
    public const string Promoter = "promoter";
    public const string NewConsent = "new-consent";
    public const string StayCompleted = "stay-completed";
}

/// <summary>A message for campaign-triggers: what to send, to whom, on which channel, and not before when.</summary>
public sealed record CampaignTrigger
{
    public required string Kind { get; init; }
    /// <summary>"email" or "sms".</summary>
    public required string Channel { get; init; }
    public required string TemplateKey { get; init; }
    public required string ContactId { get; init; }
    public required string Reason { get; init; }
    /// <summary>"{ContactId}:{Kind}:{Reason}:{period}": the sender drops a key it has already sent.</summary>
    public required string DeduplicationKey { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required string Language { get; init; }
    /// <summary>The survey answer behind a recovery or review trigger.</summary>
    public string? ResponseId { get; init; }
    /// <summary>
    /// Set on a survey invitation: the survey it invites to. With <see cref="PropertyId"/>, its delivery then counts as
    /// an invitation in the survey response rate; a review invitation (a public review site, not our survey) carries none.
    /// </summary>
    public string? SurveyId { get; init; }
    /// <summary>
    /// The property of the answer behind the trigger, or of the stay a survey invitation asks about: dispatch keeps to
    /// its quiet hours in its time zone. None for a welcome.
    /// </summary>
    public string? PropertyId { get; init; }
}

/// <summary>A trigger a rule called for but that was not raised, and why (no consent, no reachable address).</summary>
public sealed record SuppressedTrigger(string Kind, string Reason, string Why);

/// <summary>Channel choice, consent, quiet hours and de-duplication keys of campaign triggers.</summary>
internal sealed class TriggerPlanner
{
    private readonly TriggerOptions options;
    private readonly TimeZoneInfo defaultZone;
    private readonly Dictionary<string, TimeZoneInfo> zones = new(StringComparer.OrdinalIgnoreCase);

    public TriggerPlanner(TriggerOptions options)
    {
        this.options = options;
        defaultZone = Zone(options.DefaultTimeZone);
        foreach (var (country, zone) in options.TimeZonesByCountry) zones[country] = Zone(zone);
    }

    private static TimeZoneInfo Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new ArgumentException($"Unknown time zone '{id}' in the trigger options.", nameof(id), e);
        }
    }

    public (IReadOnlyList<CampaignTrigger> Triggers, IReadOnlyList<SuppressedTrigger> Suppressed) Plan(
        Matching.GoldenRecord contact, SurveyFeedback? latest, NpsCategory? category, string language, string? country, DateTimeOffset now,
        IReadOnlyList<Contacts.StayInput>? stays = null, IReadOnlyList<SurveyFeedback>? surveys = null)
    {
        var triggers = new List<CampaignTrigger>();
        var suppressed = new List<SuppressedTrigger>();
        var consents = ConsentLedger.Current(contact.Consents);
        var zone = country is not null && zones.TryGetValue(country, out var z) ? z : defaultZone;

        void Raise(TriggerRule rule, string kind, string reason, DateTimeOffset eventAt, SurveyFeedback? answer, IReadOnlyList<string>? onlyChannels = null,
            Contacts.StayInput? stay = null, string? surveyId = null)
        {
            if (!rule.Enabled) return;
            if (eventAt > now || now - eventAt > TimeSpan.FromDays(rule.MaxAgeDays)) return;
            var channel = (onlyChannels ?? rule.ChannelsInOrder).FirstOrDefault(c => CanUse(contact, consents, c));
            if (channel is null)
            {
                var why = (onlyChannels ?? rule.ChannelsInOrder).Any(c => ConsentLedger.ParseChannel(c) is { } ch && consents.TryGetValue(ch, out var s) && s.Granted)
                    ? "no reachable address on a consented channel" : "no consent on any channel";
                suppressed.Add(new SuppressedTrigger(kind, reason, why));
                return;
            }
            triggers.Add(new CampaignTrigger
            {
                Kind = kind,
                Channel = channel,
                TemplateKey = rule.Template + "." + language,
                ContactId = contact.ContactId,
                Reason = reason,
                DeduplicationKey = $"{contact.ContactId}:{kind}:{reason}:{(stay is not null ? StayKey(stay) : PeriodKey(rule.Period, eventAt))}",
                NotBefore = AfterQuietHours(now, zone),
                Language = language,
                ResponseId = answer?.ResponseId,
                PropertyId = answer?.PropertyId ?? stay?.PropertyId,
                SurveyId = surveyId,
            });
        }

        if (latest is not null)
        {
            if (category == NpsCategory.Detractor)
                Raise(options.ServiceRecovery, TriggerKinds.ServiceRecovery, TriggerReasons.Detractor, latest.SubmittedAt, latest);
            else if (latest.Complaint && options.RecoverComplaints)
                Raise(options.ServiceRecovery, TriggerKinds.ServiceRecovery, TriggerReasons.Complaint, latest.SubmittedAt, latest);
            else if (category == NpsCategory.Promoter)
                Raise(options.ReviewInvitation, TriggerKinds.ReviewInvitation, TriggerReasons.Promoter, latest.SubmittedAt, latest);
        }

        // The earliest fresh grant decides, so a later consent on a second channel does not re-welcome the guest.
        var newGrant = options.Welcome.ChannelsInOrder
            .Select(c => (Name: c, Grant: NewGrant(contact.Consents, ConsentLedger.ParseChannel(c), consents)))
            .Where(g => g.Grant is not null)
            .OrderBy(g => g.Grant!.At)
            .FirstOrDefault();
        if (newGrant.Grant is { } grant)
            Raise(options.Welcome, TriggerKinds.Welcome, TriggerReasons.NewConsent, grant.At, null, [newGrant.Name]);

        if (LatestDeparted(stays ?? [], now) is { } ended && !AnsweredSince(ended, surveys ?? []))
            Raise(options.SurveyInvitation, TriggerKinds.SurveyInvitation, TriggerReasons.StayCompleted, CheckOut(ended), null,
                stay: ended, surveyId: options.SurveyInvitation.SurveyId);

        return (triggers, suppressed);
    }

    /// <summary>The stay with the latest check-out that has come (a booked stay still to come is not asked about).</summary>
    private static Contacts.StayInput? LatestDeparted(IReadOnlyList<Contacts.StayInput> stays, DateTimeOffset now) => stays
        .Where(s => s.Departure is not null && !string.IsNullOrEmpty(s.PropertyId) && CheckOut(s) <= now)
        .OrderByDescending(s => s.Departure).ThenBy(s => s.PropertyId, StringComparer.OrdinalIgnoreCase)
        .FirstOrDefault();

    /// <summary>
    /// An answer given on or after the check-out day, for that property (or naming none), already says what the
    /// invitation would ask: the survey's own echo of the stay arrives with it, and must not invite its author again.
    /// </summary>
    private static bool AnsweredSince(Contacts.StayInput stay, IReadOnlyList<SurveyFeedback> surveys) => surveys.Any(s =>
        s.SubmittedAt >= CheckOut(stay)
        && (s.PropertyId is null || string.Equals(s.PropertyId, stay.PropertyId, StringComparison.OrdinalIgnoreCase)));

    private static DateTimeOffset CheckOut(Contacts.StayInput stay) =>
        new(stay.Departure!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// Property and check-out date, without the reservation number: the PMS's record of a stay and a later echo of
    /// it without the number give the same key, so a stay is invited to once.
    /// </summary>
    internal static string StayKey(Contacts.StayInput stay) =>
        $"{stay.PropertyId!.ToLowerInvariant()}/{stay.Departure!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>The grant in force on a channel if it followed a refusal or no statement at all; null otherwise.</summary>
    private static ConsentRecord? NewGrant(IReadOnlyList<ConsentRecord> history, ConsentChannel? channel, IReadOnlyDictionary<ConsentChannel, ConsentRecord> current)
    {
        if (channel is not { } ch || !current.TryGetValue(ch, out var inForce) || !inForce.Granted) return null;
        var before = ConsentLedger.Current(history.Where(c => c.Channel == ch && c.At < inForce.At));
        return before.TryGetValue(ch, out var previous) && previous.Granted ? null : inForce;
    }

    private static bool CanUse(Matching.GoldenRecord contact, IReadOnlyDictionary<ConsentChannel, ConsentRecord> consents, string channelName)
    {
        if (ConsentLedger.ParseChannel(channelName) is not { } channel) return false;
        if (!consents.TryGetValue(channel, out var consent) || !consent.Granted) return false;
        return channel switch
        {
            ConsentChannel.Email => contact.Emails.Any(e => (e.Value.Flags & (EmailFlags.Disposable | EmailFlags.Placeholder)) == 0),
            ConsentChannel.Sms => contact.Phones.Any(p => p.Value.LineType is PhoneLineType.Mobile or PhoneLineType.FixedOrMobile),
            _ => false,
        };
    }

    internal DateTimeOffset AfterQuietHours(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var (start, end) = (options.QuietStart, options.QuietEnd);
        var quiet = start <= end ? time >= start && time < end : time >= start || time < end;
        if (!quiet) return now;
        var day = DateOnly.FromDateTime(local.DateTime);
        if (time >= end) day = day.AddDays(1);
        var localEnd = day.ToDateTime(end, DateTimeKind.Unspecified);
        return new DateTimeOffset(localEnd, zone.GetUtcOffset(localEnd));
    }

    internal static string PeriodKey(TriggerPeriod period, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return period switch
        {
            TriggerPeriod.Day => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TriggerPeriod.Week => $"{ISOWeek.GetYear(utc)}-W{ISOWeek.GetWeekOfYear(utc):00}",
            TriggerPeriod.Month => utc.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            TriggerPeriod.Quarter => $"{utc.Year}-Q{(utc.Month - 1) / 3 + 1}",
            TriggerPeriod.Year => utc.Year.ToString(CultureInfo.InvariantCulture),
            // A rule set to per-stay that has no stay at hand keys on the event's day.
            TriggerPeriod.Stay => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => "once",
        };
    }
}

namespace CrmFunctions.Core.Contracts;

/// <summary>Queue names: identical in Service Bus (Azure) and Storage queues (local).</summary>
public static class QueueNames
{
    public const string ContactsNormalize = "contacts-normalize";
    public const string ContactsDedupe = "contacts-dedupe";
    public const string ContactsEnrich = "contacts-enrich";
    public const string CampaignTriggers = "campaign-triggers";
    /// <summary>Erasure requests of the privacy API: a queue function carries each out, resumably.</summary>
    public const string PrivacyErasures = "privacy-erasures";

    /// <summary>Where the local trigger runner parks a message that keeps failing.</summary>
    public static string Poison(string queue) => queue + "-poison";

    public static IReadOnlyList<string> All { get; } =
        [ContactsNormalize, ContactsDedupe, ContactsEnrich, CampaignTriggers, PrivacyErasures];
}

public static class ContainerNames
{
    /// <summary>Every accepted payload, unchanged, write-once, for audit and replay.</summary>
    public const string Raw = "raw";
    public const string Exports = "exports";

    public static IReadOnlyList<string> All { get; } = [Raw, Exports];
}

public static class TableNames
{
    public const string Contacts = "Contacts";
    public const string MatchIndex = "ContactMatchIndex";
    public const string Surveys = "Surveys";
    public const string Interactions = "Interactions";
    public const string CampaignEvents = "CampaignEvents";
    /// <summary>Survey invitations delivered by SMS, by phone and campaign: where an inbound reply finds its survey.</summary>
    public const string CampaignInvitations = "CampaignInvitations";
    public const string StaffAssessments = "StaffAssessments";
    /// <summary>Stays sent with contacts, one row per stay (keyed on property and reservation): the barometers' stays.</summary>
    public const string Stays = "Stays";
    /// <summary>Source record (source/record id) → the golden record it belongs to.</summary>
    public const string ContactSources = "ContactSources";
    /// <summary>Possible-duplicate pairs awaiting review, their decisions, and never-link judgements.</summary>
    public const string DuplicateReview = "DuplicateReview";
    /// <summary>Day aggregates, week/month roll-ups, the refresh watermark, alert state and alert history.</summary>
    public const string Barometers = "Barometers";
    /// <summary>
    /// What each fact contributed to the barometers, so a redelivery or an erasure can take it back: sixteen tables,
    /// BarometerLedger0 to BarometerLedgerF, a fact going to the one its key hashes to (see BarometerLedger).
    /// </summary>
    public static IReadOnlyList<string> BarometerLedgers { get; } =
        [.. Enumerable.Range(0, 16).Select(i => "BarometerLedger" + i.ToString("X", System.Globalization.CultureInfo.InvariantCulture))];
    /// <summary>The facts stored since the last barometer refresh (the change feed; consumed rows are deleted).</summary>
    public const string BarometerChanges = "BarometerChanges";
    public const string IngestionLog = "IngestionLog";
    public const string Idempotency = "Idempotency";
    /// <summary>Every access export and erasure: when, who asked, scope, counts per store, outcome; never an identifier in clear.</summary>
    public const string PrivacyLog = "PrivacyLog";
    /// <summary>Erased guests who must not be contacted again, by keyed hash of their e-mails and phones only.</summary>
    public const string PrivacySuppressions = "PrivacySuppressions";
    /// <summary>
    /// Campaign triggers handed to a provider, one row per de-duplication key (reserved before the provider is called,
    /// then its message id), and per guest the sends that count towards the weekly cap. No e-mail, phone or name.
    /// </summary>
    public const string CampaignSends = "CampaignSends";

    public static IReadOnlyList<string> All { get; } =
        [Contacts, MatchIndex, ContactSources, Surveys, Interactions, CampaignEvents, CampaignInvitations, StaffAssessments, Stays,
            DuplicateReview, Barometers, .. BarometerLedgers, BarometerChanges, IngestionLog, Idempotency, PrivacyLog, PrivacySuppressions,
            CampaignSends];
}

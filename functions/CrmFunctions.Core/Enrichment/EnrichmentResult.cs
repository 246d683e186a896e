using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Enrichment;

public enum NpsCategory
{
    Promoter,
    Passive,
    Detractor,
}

public enum EmailDomainKind
{
    /// <summary>No usable address (none, or only placeholders).</summary>
    None,
    /// <summary>A consumer mailbox provider (gmail.com, orange.fr).</summary>
    Personal,
    /// <summary>Any other real domain: an employer, an agency, a company.</summary>
    Business,
    /// <summary>A throw-away mailbox.</summary>
    Disposable,
}

/// <summary>
/// The guest's stay history. Only stays that have ended count (a booking to come is not a visit yet);
/// one stay reported by several systems counts once.
/// </summary>
public sealed record StaySummary
{
    public int Stays { get; init; }
    public int RoomNights { get; init; }
    /// <summary>In the reporting currency; stays in a currency without a rate are left out (see <see cref="UnconvertedStays"/>).</summary>
    public decimal Revenue { get; init; }
    public int UnconvertedStays { get; init; }
    public DateOnly? FirstStay { get; init; }
    /// <summary>Departure of the most recent stay.</summary>
    public DateOnly? LastStay { get; init; }
    /// <summary>Days from the last departure to the day of enrichment.</summary>
    public int? RecencyDays { get; init; }
    /// <summary>Stays ended within the frequency window.</summary>
    public int Frequency { get; init; }
    /// <summary>Room nights within the loyalty window.</summary>
    public int TierNights { get; init; }
    public int UpcomingStays { get; init; }

    public static StaySummary None { get; } = new();
}

/// <summary>Recency, frequency and monetary scores, 1–5 each.</summary>
public sealed record RfmScore(int Recency, int Frequency, int Monetary)
{
    public string Code => $"R{Recency}F{Frequency}M{Monetary}";
}

/// <summary>Everything enrichment derives for one golden record, computed again from scratch each time.</summary>
public sealed record EnrichmentResult
{
    public required string ContactId { get; init; }
    public required DateTimeOffset EnrichedAt { get; init; }

    public int SurveyCount { get; init; }
    public string? LatestResponseId { get; init; }
    public DateTimeOffset? LatestAnswerAt { get; init; }
    public int? LatestNps { get; init; }
    /// <summary>Category of the latest answer; null when that answer skipped the NPS question.</summary>
    public NpsCategory? NpsCategory { get; init; }
    public CommentAnalysis LatestComment { get; init; } = CommentAnalysis.Empty;
    /// <summary>Motives of the complaint in the latest answer, empty when it made none.</summary>
    public IReadOnlyList<string> ComplaintMotives { get; init; } = [];

    public StaySummary Stays { get; init; } = StaySummary.None;
    /// <summary>Null for a guest without a stay.</summary>
    public RfmScore? Rfm { get; init; }
    public required string Segment { get; init; }
    /// <summary>0–100, from the weighted RFM scores.</summary>
    public int ValueScore { get; init; }
    public required string LoyaltyTier { get; init; }

    public string? PhoneCountry { get; init; }
    public PhoneLineType? PhoneLineType { get; init; }
    public EmailDomainKind EmailDomainKind { get; init; }
    public string? EmailDomain { get; init; }
    public required string PreferredLanguage { get; init; }
    /// <summary>Where the language came from: contact, survey, country or default.</summary>
    public required string PreferredLanguageSource { get; init; }
    /// <summary>0–100, see <see cref="CompletenessOptions"/>.</summary>
    public int CompletenessScore { get; init; }
    public IReadOnlyList<string> MissingFields { get; init; } = [];

    public IReadOnlyList<CampaignTrigger> Triggers { get; init; } = [];
    public IReadOnlyList<SuppressedTrigger> SuppressedTriggers { get; init; } = [];
}

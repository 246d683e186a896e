namespace CrmFunctions.Core.Barometers;

public enum IndicatorUnit { Points, Percent, Score, Seconds, Count, PerHundredStays, PerAgentDay }

public enum Direction { HigherIsBetter, LowerIsBetter }

/// <summary>
/// One indicator of the catalogue. <see cref="Warn"/> and <see cref="Alert"/> are the last acceptable
/// values: with higher-is-better, a value equal to the warn level is still Ok and anything below it is Warn.
/// Null thresholds mean the indicator is reported without a status other than Ok.
/// </summary>
public sealed record IndicatorDefinition(
    string Id,
    string Label,
    string Formula,
    IndicatorUnit Unit,
    Direction Direction,
    long MinimumSample,
    double? Warn,
    double? Alert,
    double TrendTolerance)
{
    /// <summary>True when <paramref name="candidate"/> is worse than <paramref name="reference"/> given the direction.</summary>
    public bool IsWorse(double candidate, double reference) =>
        Direction == Direction.HigherIsBetter ? candidate < reference : candidate > reference;
}

public static class IndicatorIds
{
    public const string Nps = "nps";
    public const string Csat = "csat";
    public const string CsatTopBox = "csat.top-box";
    public const string CsatMean = "csat.mean";
    public const string CesMean = "ces.mean";
    public const string CesEasy = "ces.easy";
    public const string ResponseRate = "survey.response-rate";
    public const string ComplaintCount = "complaints.count";
    public const string ComplaintsPer100Stays = "complaints.per-100-stays";
    public const string ServiceLevel = "calls.service-level";
    public const string AverageSpeedOfAnswer = "calls.asa";
    public const string Abandonment = "calls.abandonment";
    public const string FirstContactResolution = "contacts.fcr";
    public const string RequestsPerAgentDay = "requests.per-agent-day";
    public const string SkillsIndex = "skills.index";
    public const string TouchpointPrefix = "touchpoint.";
    public const string ActiveGuests = "base.active-guests";
    public const string NewGuests = "base.new-guests";
    public const string DuplicatesMerged = "base.duplicates-merged";
    public const string ValidEmail = "base.valid-email";
    public const string ValidPhone = "base.valid-phone";
    public const string Consent = "base.consent";
    public const string Top20RevenueShare = "base.top20-revenue-share";
    public const string CustomerBasePrefix = "base.";

    /// <summary>Customer-base indicators are measured on a snapshot of the golden records, not on aggregated facts.</summary>
    public static bool IsCustomerBase(string id) => id.StartsWith(CustomerBasePrefix, StringComparison.Ordinal);

    /// <summary>"touchpoint.check-in": the mean score of one moment of truth.</summary>
    public static string Touchpoint(string name) => TouchpointPrefix + Touchpoints.Normalize(name);
}

namespace CrmFunctions.Core.Matching;

public enum MatchOutcome
{
    /// <summary>No candidate scored high enough: the contact starts a golden record.</summary>
    NewRecord,
    /// <summary>The best candidate scored above the auto-merge threshold.</summary>
    Merge,
    /// <summary>Candidates between the thresholds: the contact starts a golden record flagged for review.</summary>
    PossibleDuplicate,
}

/// <summary>Why a candidate scored what it did: how it was found, each field's level and weight, and the bar it was held to.</summary>
public sealed record MatchExplanation(
    string CandidateId,
    // The contact's keys the candidate shares (told from the review threshold up; empty below).
    IReadOnlyList<BlockingKey> FoundBy,
    IReadOnlyList<ComparisonResult> Comparisons,
    double Score,
    MatchThresholds Thresholds,
    // The member record of the golden record that agreed best.
    string? ComparedWith)
{
    /// <summary>Comparison levels ("field:level") that kept this candidate from an automatic merge.</summary>
    public IReadOnlyList<string> Vetoes { get; init; } = [];

    /// <summary>
    /// The names are the only agreement and nothing says they are rare (see <see cref="MatchModel.NameFields"/>):
    /// not proposed for review whatever the score.
    /// </summary>
    public bool NamesAlone { get; init; }

    public double MatchProbability(double priorOdds = 1.0) => 1.0 / (1.0 + 1.0 / (priorOdds * Math.Pow(2, Score)));
}

public sealed record MatchDecision(
    MatchOutcome Outcome,
    // The golden record to merge into (Merge only).
    string? TargetId,
    // Golden records between the thresholds (PossibleDuplicate, and second-best candidates of a Merge).
    IReadOnlyList<string> PossibleDuplicateIds,
    // Every scored candidate, best first.
    IReadOnlyList<MatchExplanation> Candidates,
    // The contact's own blocking keys, to file it in the index once the decision is applied.
    IReadOnlyList<BlockingKey> Keys)
{
    /// <summary>
    /// Merge only: other golden records of the same guest that this contact brought together (clusters that
    /// meet); each is folded into <see cref="TargetId"/> and withdrawn.
    /// </summary>
    public IReadOnlyList<string> AlsoMergeIds { get; init; } = [];

    /// <summary>Why the decision departs from the scores (a rule applied on top of them), for the merge log.</summary>
    public string? Note { get; init; }

    public MatchExplanation? Best => Candidates.Count > 0 ? Candidates[0] : null;
}

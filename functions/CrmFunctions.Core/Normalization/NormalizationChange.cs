namespace CrmFunctions.Core.Normalization;

/// <summary>
/// One change made while normalizing, kept for the golden record's audit trail.
/// <paramref name="BeforeKind"/> describes the original's shape ("uppercase", "national-format"),
/// never the original itself, so the trail can be logged; <paramref name="Rule"/> is a stable id.
/// </summary>
public sealed record NormalizationChange(string Field, string BeforeKind, string? After, string Rule);

/// <summary>A value that could not be normalized and was left out of the contact, with the reason.</summary>
public sealed record RejectedValue(string Field, string Value, string Reason);

/// <summary>Collects changes and rejections while one contact is normalized.</summary>
internal sealed class NormalizationLog
{
    public List<NormalizationChange> Changes { get; } = [];
    public List<RejectedValue> Rejected { get; } = [];

    public void Change(string field, string beforeKind, string? after, string rule) =>
        Changes.Add(new NormalizationChange(field, beforeKind, after, rule));

    public void Reject(string field, string value, string reason) =>
        Rejected.Add(new RejectedValue(field, value, reason));
}

using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Pipeline;

/// <summary>What travels on contacts-dedupe: one normalized source record (its changes and rejections included).</summary>
public sealed record NormalizedContactMessage
{
    public required string MemberKey { get; init; }
    public required NormalizedContact Contact { get; init; }
    public SurveyRef? Survey { get; init; }
}

/// <summary>What travels on contacts-enrich: which golden record a source record now belongs to.</summary>
public sealed record DedupedContactMessage
{
    public required string ContactId { get; init; }
    public required string MemberKey { get; init; }
    /// <summary>new-record, merge, possible-duplicate or replay.</summary>
    public required string Outcome { get; init; }
    public SurveyRef? Survey { get; init; }
}

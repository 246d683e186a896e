namespace CrmFunctions.Core.Barometers.Facts;

/// <summary>
/// One post-stay survey answer, as far as the barometers need it. Every score is optional because
/// guests skip questions; a skipped question simply does not count in that indicator's sample.
/// </summary>
public sealed record SurveyAnswer
{
    /// <summary>Identifies the answer across re-deliveries; a corrected answer keeps the same key.</summary>
    public required string ResponseKey { get; init; }
    public required string Property { get; init; }
    public required string Segment { get; init; }
    public required string Channel { get; init; }
    /// <summary>Day the guest submitted, in the property's local calendar.</summary>
    public required DateOnly SubmittedOn { get; init; }
    /// <summary>Likelihood to recommend, 0–10.</summary>
    public int? Nps { get; init; }
    /// <summary>Satisfaction, 1–5 (5 = very satisfied).</summary>
    public int? Csat { get; init; }
    /// <summary>Customer effort, 1–7 where 7 = "it was very easy" (agreement scale, so higher is better).</summary>
    public int? Ces { get; init; }
    /// <summary>Scores per moment of truth (see <see cref="Touchpoints"/>), each on 1–5.</summary>
    public IReadOnlyDictionary<string, int>? Touchpoints { get; init; }
    public bool Complaint { get; init; }
    public string? ComplaintReason { get; init; }
}

/// <summary>A survey invitation the e-mail/SMS platform confirmed as delivered: the denominator of the response rate.</summary>
public sealed record SurveyInvitation(string Property, string Segment, string Channel, DateOnly DeliveredOn);

namespace CrmFunctions.Core.Barometers.Facts;

/// <summary>A batch of facts to aggregate. Any list may be empty.</summary>
public sealed record BarometerFacts
{
    public IReadOnlyList<SurveyAnswer> Answers { get; init; } = [];
    public IReadOnlyList<SurveyInvitation> Invitations { get; init; } = [];
    public IReadOnlyList<Interaction> Interactions { get; init; } = [];
    public IReadOnlyList<SkillAssessment> Skills { get; init; } = [];
    public IReadOnlyList<Stay> Stays { get; init; } = [];
}

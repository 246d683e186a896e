namespace CrmFunctions.Core.Barometers.Facts;

/// <summary>A staff member's self-assessment of one skill ("listening", "languages", ...), rated 1–5.</summary>
public sealed record SkillAssessment(string Property, string? Team, string Skill, int Rating, DateOnly AssessedOn);

/// <summary>A stay that ended (check-out day): the denominator of complaints per 100 stays.</summary>
public sealed record Stay(string Property, string Segment, string Channel, DateOnly CheckOutOn);

namespace CrmFunctions.Core.Surveys;

/// <summary>One post-stay survey answer, in our documented JSON (other tools' formats go through an adapter).</summary>
public sealed record SurveyInput
{
    /// <summary>The questionnaire (form) id in the survey tool.</summary>
    public string? SurveyId { get; init; }
    /// <summary>The answer's id in the survey tool: with the source, it makes a redelivery a replay.</summary>
    public string? ResponseId { get; init; }
    public string? PropertyId { get; init; }
    public DateOnly? Arrival { get; init; }
    public DateOnly? Departure { get; init; }
    /// <summary>email, sms, web or qr (QR code at the desk).</summary>
    public string? Channel { get; init; }
    /// <summary>Guest segment when the tool knows it (leisure, business, group...).</summary>
    public string? Segment { get; init; }
    public string? Language { get; init; }
    public SurveyRespondent? Respondent { get; init; }
    /// <summary>"How likely are you to recommend...", 0-10.</summary>
    public int? Nps { get; init; }
    /// <summary>Overall satisfaction, 1-5.</summary>
    public int? Csat { get; init; }
    /// <summary>Customer effort, 1-7 (7 = very easy).</summary>
    public int? Ces { get; init; }
    /// <summary>Ratings per moment of truth, 1-5: checkIn, room, cleanliness, breakfast, staff, checkOut and free keys.</summary>
    public IReadOnlyDictionary<string, int>? Touchpoints { get; init; }
    public string? Comment { get; init; }
    public bool? Complaint { get; init; }
    public string? ComplaintReason { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
}

public sealed record SurveyRespondent
{
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    /// <summary>The guest's id in a hotel system, e.g. { "pms": "G-1042" }.</summary>
    public IReadOnlyDictionary<string, string>? ExternalIds { get; init; }
}

public static class SurveyChannels
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "email", "sms", "web", "qr" };
}

public static class Touchpoints
{
    /// <summary>The moments of truth every property reports on; free keys are accepted beside them.</summary>
    public static readonly IReadOnlyList<string> Standard = ["checkIn", "room", "cleanliness", "breakfast", "staff", "checkOut"];
}

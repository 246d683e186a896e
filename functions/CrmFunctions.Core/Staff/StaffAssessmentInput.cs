using System.Text.RegularExpressions;
using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Staff;

/// <summary>A staff member's self-assessment of one skill, rated 1-5: the input of the staff skills index.</summary>
public sealed record StaffAssessmentInput
{
    /// <summary>The assessment tool's id: with the source, it identifies the answer across deliveries.</summary>
    public string? AssessmentId { get; init; }
    public string? PropertyId { get; init; }
    public string? Team { get; init; }
    /// <summary>"listening", "languages", "complaint-handling"...</summary>
    public string? Skill { get; init; }
    public int? Rating { get; init; }
    /// <summary>When the staff member answered; its calendar date (in its own offset) is the day it counts on.</summary>
    public DateTimeOffset? AssessedAt { get; init; }
    /// <summary>An internal staff id (letters, digits, '.', '_', ':' or '-'), never a name.</summary>
    public string? StaffId { get; init; }
}

public static partial class StaffAssessmentValidator
{
    public static void Validate(StaffAssessmentInput? a, string path, DateTimeOffset now, ValidationErrors errors)
    {
        string F(string name) => FieldPath.Join(path, name);
        if (a is null)
        {
            errors.Add(path.Length == 0 ? "$" : path, "an assessment object is required.");
            return;
        }
        IntakeChecks.Required(errors, F("assessmentId"), a.AssessmentId, 200);
        IntakeChecks.Required(errors, F("propertyId"), a.PropertyId, 60);
        IntakeChecks.Required(errors, F("skill"), a.Skill, 60);
        errors.MaxLength(F("team"), a.Team, 60);
        if (a.Rating is null)
            errors.Add(F("rating"), "is required (1-5).");
        errors.Range(F("rating"), a.Rating, 1, 5);
        IntakeChecks.Happened(errors, F("assessedAt"), a.AssessedAt, now, required: true);
        if (a.StaffId is { } staffId && !StaffIdShape().IsMatch(staffId))
            errors.Add(F("staffId"), "must be an internal id of 1-60 letters, digits, '.', '_', ':' or '-' (no names).");
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,60}$")]
    private static partial Regex StaffIdShape();
}

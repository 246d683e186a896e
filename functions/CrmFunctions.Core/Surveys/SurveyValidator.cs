using System.Text.RegularExpressions;
using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Surveys;

public static partial class SurveyValidator
{
    /// <summary>Far more than any form asks; it keeps a stored answer within a table property.</summary>
    public const int MaxTouchpoints = 40;

    public static void Validate(SurveyInput? survey, DateTimeOffset now, ValidationErrors errors)
    {
        if (survey is null)
        {
            errors.Add("$", "a survey object is required.");
            return;
        }
        IntakeChecks.Required(errors, "responseId", survey.ResponseId, 200);
        IntakeChecks.Required(errors, "propertyId", survey.PropertyId, 60);
        errors.MaxLength("surveyId", survey.SurveyId, 200);
        errors.MaxLength("segment", survey.Segment, 60);
        errors.MaxLength("language", survey.Language, 35);
        errors.MaxLength("comment", survey.Comment, 4000);
        errors.MaxLength("complaintReason", survey.ComplaintReason, 200);
        if (survey.Channel is { } channel && !SurveyChannels.All.Contains(channel))
            errors.Add("channel", $"must be one of {string.Join(", ", SurveyChannels.All)}.");
        IntakeChecks.Happened(errors, "submittedAt", survey.SubmittedAt, now, required: true);
        IntakeChecks.Supported(errors, "arrival", survey.Arrival);
        IntakeChecks.Supported(errors, "departure", survey.Departure);
        if (survey is { Arrival: { } arrival, Departure: { } departure } && departure < arrival)
            errors.Add("departure", "must not be before arrival.");
        if (survey.Nps is null && survey.Csat is null && survey.Ces is null && survey.Touchpoints is not { Count: > 0 })
            errors.Add("$", "needs at least one score: nps, csat, ces or touchpoints.");
        errors.Range("nps", survey.Nps, 0, 10);
        errors.Range("csat", survey.Csat, 1, 5);
        errors.Range("ces", survey.Ces, 1, 7);
        if (survey.Touchpoints is { Count: > MaxTouchpoints })
            errors.Add("touchpoints", $"must hold at most {MaxTouchpoints} touchpoints.");
        else if (survey.Touchpoints is { } touchpoints)
        {
            foreach (var (name, rating) in touchpoints)
            {
                var field = FieldPath.Join("touchpoints", name);
                if (!TouchpointName().IsMatch(name))
                    errors.Add(field, "a touchpoint name must be 1-40 letters, digits, '-' or '_'.");
                errors.Range(field, rating, 1, 5);
            }
        }
        if (survey.Complaint == true && string.IsNullOrWhiteSpace(survey.ComplaintReason))
            errors.Add("complaintReason", "is required when complaint is true.");
        ValidateRespondent(survey.Respondent, errors);
    }

    private static void ValidateRespondent(SurveyRespondent? respondent, ValidationErrors errors)
    {
        if (respondent is null)
            return;
        if (respondent.Email is not null)
            ContactValidator.ValidateEmail(respondent.Email, "respondent.email", errors);
        if (respondent.Phone is not null)
            ContactValidator.ValidatePhone(respondent.Phone, "respondent.phone", errors);
        errors.MaxLength("respondent.givenName", respondent.GivenName, 100);
        errors.MaxLength("respondent.familyName", respondent.FamilyName, 100);
        ContactValidator.ValidateExternalIds(respondent.ExternalIds, "respondent.externalIds", errors);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex TouchpointName();
}

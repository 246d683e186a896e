using System.Text.Json;
using CrmFunctions.Core.Surveys;
using CrmFunctions.Storage;

namespace CrmFunctions.Ingest;

/// <summary>
/// Surveys table layout: partition = the UTC day the answer was received (yyyyMMdd), so a barometer
/// refresh reads only the days since its watermark; row = the survey id.
/// </summary>
public static class SurveyRows
{
    public static string Partition(DateTimeOffset receivedAt) => receivedAt.UtcDateTime.ToString("yyyyMMdd");

    public static TableEntity ToEntity(string surveyId, string source, IngestionTicket ticket, SurveyInput survey)
    {
        var entity = new TableEntity(Partition(ticket.ReceivedAt), surveyId)
        {
            ["Source"] = source,
            ["ResponseId"] = survey.ResponseId,
            ["FormId"] = survey.SurveyId,
            ["IngestionId"] = ticket.IngestionId,
            ["ReceivedAt"] = ticket.ReceivedAt,
            ["SubmittedAt"] = survey.SubmittedAt,
            // The guest's calendar day: tables keep times in UTC only, and the barometers count answers on this day.
            ["SubmittedOn"] = survey.SubmittedAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["PropertyId"] = survey.PropertyId,
            ["Channel"] = survey.Channel?.ToLowerInvariant(),
            ["Segment"] = survey.Segment,
            ["Language"] = survey.Language,
            ["Arrival"] = survey.Arrival?.ToString("yyyy-MM-dd"),
            ["Departure"] = survey.Departure?.ToString("yyyy-MM-dd"),
            ["Nps"] = survey.Nps,
            ["Csat"] = survey.Csat,
            ["Ces"] = survey.Ces,
            ["Touchpoints"] = survey.Touchpoints is { Count: > 0 } t ? JsonSerializer.Serialize(t) : null,
            ["Comment"] = survey.Comment,
            ["Complaint"] = survey.Complaint ?? false,
            ["ComplaintReason"] = survey.ComplaintReason,
            ["RespondentEmail"] = survey.Respondent?.Email,
            ["RespondentPhone"] = survey.Respondent?.Phone,
        };
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
            entity.Remove(key);
        return entity;
    }
}

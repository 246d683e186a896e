using CrmFunctions.Core.Staff;
using CrmFunctions.Storage;

namespace CrmFunctions.Ingest;

/// <summary>
/// StaffAssessments table. Partition = the UTC day we received the delivery (yyyyMMdd); row = "sa-" + hash(source,
/// assessmentId). Columns (for the SkillAssessment fact): Source, AssessmentId, PropertyId, Team, Skill, Rating (1-5),
/// AssessedAt, AssessedOn (yyyy-MM-dd of AssessedAt in its own offset), StaffId (internal id, optional),
/// IngestionId, IngestedAt.
/// </summary>
public static class StaffAssessmentRows
{
    public static string RowKey(string source, string assessmentId) => SignedBatch.StableKey("sa-", source, assessmentId);

    public static TableEntity ToEntity(string source, IngestionTicket ticket, StaffAssessmentInput a) =>
        Rows.WithoutNulls(new TableEntity(SurveyRows.Partition(ticket.ReceivedAt), RowKey(source, a.AssessmentId!))
        {
            ["Source"] = source,
            ["AssessmentId"] = a.AssessmentId,
            ["PropertyId"] = a.PropertyId,
            ["Team"] = a.Team,
            ["Skill"] = a.Skill,
            ["Rating"] = a.Rating,
            ["AssessedAt"] = a.AssessedAt,
            ["AssessedOn"] = a.AssessedAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["StaffId"] = a.StaffId,
            ["IngestionId"] = ticket.IngestionId,
            ["IngestedAt"] = ticket.ReceivedAt,
        });
}

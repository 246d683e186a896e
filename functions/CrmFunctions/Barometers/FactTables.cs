using CrmFunctions.Core.Contracts;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

/// <summary>
/// A table whose rows the barometers count: the column that says when intake stored a row, the columns counted (only
/// those: comments and personal data stay in the fact table), the columns holding the guest's e-mail and phone (read
/// only to derive the guest key) and how a row becomes a <see cref="FactChange"/> given its guest key.
/// </summary>
public sealed record FactTable(string Name, string TimeColumn, IReadOnlyList<string> Columns, string? EmailColumn, string? PhoneColumn,
    Func<TableEntity, string?, FactChange?> Map)
{
    /// <summary>The counted columns that are not the guest's identifiers: what a change row may carry.</summary>
    public IEnumerable<string> CarriedColumns => Columns.Where(c => c != EmailColumn && c != PhoneColumn);

    /// <summary>The guest key a row carries (a change row, a stay), else the one made from its e-mail or phone.</summary>
    public string? GuestKey(TableEntity row, GuestKeyer keys) =>
        row.GetString(FactTables.GuestKeyColumn)
        ?? keys.Of(EmailColumn is null ? null : row.GetString(EmailColumn), PhoneColumn is null ? null : row.GetString(PhoneColumn));

    public FactChange? Read(TableEntity row, GuestKeyer keys) => Map(row, GuestKey(row, keys));
}

public static class FactTables
{
    /// <summary>Stays carry a guest key already (<see cref="GuestKeyer"/>): intake makes it from the guest's e-mail or phone.</summary>
    public const string GuestKeyColumn = "GuestKey";

    public static IReadOnlyList<FactTable> All { get; } =
    [
        new(TableNames.Surveys, "ReceivedAt",
            ["ReceivedAt", "SubmittedAt", "SubmittedOn", "PropertyId", "Segment", "Channel", "Nps", "Csat", "Ces", "Touchpoints",
                "Complaint", "ComplaintReason", "RespondentEmail", "RespondentPhone"],
            "RespondentEmail", "RespondentPhone", FactFeed.Survey),
        new(TableNames.Interactions, "IngestedAt",
            ["IngestedAt", "ReceivedAt", "ReceivedAtLocal", "Channel", "PropertyId", "Team", "Segment", "AgentId", "AnsweredAt", "Abandoned",
                "AbandonedAt", "ClosedAt", "Type", "Reason", "ResolvedAtFirstContact", "ContactEmail", "ContactPhone"],
            "ContactEmail", "ContactPhone", FactFeed.Interaction),
        new(TableNames.StaffAssessments, "IngestedAt",
            ["IngestedAt", "AssessedOn", "AssessedAt", "PropertyId", "Team", "Skill", "Rating"],
            null, null, FactFeed.Skill),
        new(TableNames.Stays, "IngestedAt", ["IngestedAt", "PropertyId", "Segment", "CheckOutOn", GuestKeyColumn], null, null, FactFeed.Stay),
        new(TableNames.CampaignEvents, "IngestedAt",
            ["IngestedAt", "Type", "SurveyId", "PropertyId", "Segment", "Channel", "Day", "Time", "Email", "Phone"],
            "Email", "Phone", FactFeed.Invitation),
    ];

    private static readonly Dictionary<string, FactTable> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static FactTable? Find(string? name) => name is not null && ByName.TryGetValue(name, out var table) ? table : null;
}

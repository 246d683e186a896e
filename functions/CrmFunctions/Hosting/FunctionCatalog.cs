using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Hosting;

/// <summary>
/// The one list of the app's functions. function.json files, the local trigger runner, the
/// Functions-mode invocation routes and the infrastructure checks are all derived from it.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        FunctionDefinition.Http("PostContacts", "contacts", ["post"]),
        FunctionDefinition.Http("PostSurveys", "surveys", ["post"]),
        FunctionDefinition.Http("PostTypeformSurvey", "surveys/typeform", ["post"]),
        FunctionDefinition.Http("PostInteractions", "interactions", ["post"]),
        FunctionDefinition.Http("PostCampaignEvents", "campaign-events", ["post"]),
        FunctionDefinition.Http("PostBrevoEvents", "campaign-events/brevo", ["post"]),
        FunctionDefinition.Http("PostStaffAssessments", "staff-assessments", ["post"]),
        FunctionDefinition.Http("GetIngestion", "ingestions/{id}", ["get"]),
        FunctionDefinition.Http("GetIngestionRaw", "ingestions/{id}/raw", ["get"]),
        FunctionDefinition.Http("GetBarometers", "barometers", ["get"]),
        FunctionDefinition.Http("GetBarometerScorecard", "barometers/scorecard", ["get"]),
        FunctionDefinition.Http("GetBarometerDrivers", "barometers/drivers", ["get"]),
        FunctionDefinition.Http("GetBarometerComplaints", "barometers/complaints", ["get"]),
        FunctionDefinition.Http("GetBarometerAlerts", "barometers/alerts", ["get"]),
        FunctionDefinition.Http("GetBarometerExport", "barometers/export", ["get"]),
        FunctionDefinition.Http("PostBarometersRefresh", "barometers/refresh", ["post"]),
        FunctionDefinition.Timer<RefreshBarometersFunction>("RefreshBarometers", SettingNames.BarometersSchedule, "0 */15 * * * *"),
        FunctionDefinition.Http("GetOpenApi", "openapi/{document}", ["get"], AuthLevel.Anonymous),
    ];
}

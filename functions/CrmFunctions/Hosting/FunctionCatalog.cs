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
        FunctionDefinition.Http("GetDashboard", "dashboard", ["get"]),
        // Script and style only, no data: a browser cannot attach the function key to the page's own asset requests.
        FunctionDefinition.Http("GetDashboardAsset", "dashboard/assets/{name}", ["get"], AuthLevel.Anonymous),
        FunctionDefinition.Http("GetOpenApi", "openapi/{document}", ["get"], AuthLevel.Anonymous),
    ];
}

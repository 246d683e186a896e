using CrmFunctions.Barometers;
using CrmFunctions.Campaigns;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Pipeline;
using CrmFunctions.Privacy;

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
        FunctionDefinition.Http("GetDashboard", "dashboard", ["get"]),
        // Script and style only, no data: a browser cannot attach the function key to the page's own asset requests.
        FunctionDefinition.Http("GetDashboardAsset", "dashboard/assets/{name}", ["get"], AuthLevel.Anonymous),
        FunctionDefinition.Timer<RefreshBarometersFunction>("RefreshBarometers", SettingNames.BarometersSchedule, "0 */15 * * * *"),
        FunctionDefinition.Http("ListDuplicates", "duplicates", ["get"]),
        FunctionDefinition.Http("GetDuplicate", "duplicates/{pairId}", ["get"]),
        FunctionDefinition.Http("ResolveDuplicate", "duplicates/{pairId}/resolve", ["post"]),
        FunctionDefinition.Http("GetGoldenRecord", "golden-records/{contactId}", ["get"]),
        FunctionDefinition.Http("UnmergeContact", "golden-records/{contactId}/unmerge", ["post"]),
        FunctionDefinition.Queue<NormalizeContactHandler>("NormalizeContact", QueueNames.ContactsNormalize,
            new QueueOutput(NormalizeContactHandler.Output, QueueNames.ContactsDedupe)),
        FunctionDefinition.Queue<DeduplicateContactHandler>("DeduplicateContact", QueueNames.ContactsDedupe,
            new QueueOutput(DeduplicateContactHandler.Output, QueueNames.ContactsEnrich)),
        FunctionDefinition.Queue<EnrichContactHandler>("EnrichContact", QueueNames.ContactsEnrich,
            new QueueOutput(EnrichContactHandler.Output, QueueNames.CampaignTriggers)),
        FunctionDefinition.Http("GetPrivacyGuest", "privacy/guests", ["get"]),
        FunctionDefinition.Http("PostPrivacyErasure", "privacy/erasures", ["post"]),
        FunctionDefinition.Http("GetPrivacyErasure", "privacy/erasures/{erasureId}", ["get"]),
        FunctionDefinition.Queue<EraseGuestHandler>("EraseGuest", QueueNames.PrivacyErasures),
        FunctionDefinition.Timer<ApplyRetentionFunction>("ApplyRetention", SettingNames.PrivacyRetentionSchedule, "0 30 2 * * *"),
        FunctionDefinition.Queue<DispatchCampaignTriggerHandler>("DispatchCampaignTrigger", QueueNames.CampaignTriggers),
        FunctionDefinition.Http("GetCampaignTriggers", "campaigns/triggers", ["get"]),
        FunctionDefinition.Http("GetOpenApi", "openapi/{document}", ["get"], AuthLevel.Anonymous),
    ];
}

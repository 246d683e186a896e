using CrmFunctions.Ingest;

namespace CrmFunctions.Campaigns;

/// <summary>GET /api/campaigns/triggers: recent triggers and what became of them, by ids and kinds (no address, no name).</summary>
public static class CampaignsApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/campaigns/triggers", ListTriggersAsync)
            .WithName("GetCampaignTriggers")
            .WithSummary("Recent campaign triggers with their send status, provider message id and delivery (the provider's latest event), newest first.");
        return app;
    }

    private static async Task<IResult> ListTriggersAsync(HttpRequest request, SentLog log, CancellationToken cancellationToken)
    {
        var status = request.Query["status"].FirstOrDefault();
        if (status is not null && !SendStatus.All.Contains(status))
            return Problems.Validation(Problems.Single("status", $"must be one of {string.Join(", ", SendStatus.All)}."));
        if (!Problems.TryReadLimit(request, DefaultLimit, MaxLimit, out var limit, out var problem))
            return problem;
        var rows = await log.ListAsync(status, limit, cancellationToken);
        return TypedResults.Ok(new
        {
            triggers = rows.Select(r => new
            {
                triggerId = r.DeduplicationKey, r.Kind, r.Reason, r.Channel, r.ContactId, r.ResponseId, r.SurveyId, r.PropertyId, r.TemplateKey,
                r.Destination, r.Status, r.ProviderMessageId, r.Detail, r.ReservedAt, r.SentAt, r.Delivery, r.DeliveryAt, r.UpdatedAt,
            }),
        });
    }
}

using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;

namespace CrmFunctions.Ingest;

public static class IngestionsApi
{
    public static IEndpointRouteBuilder MapIngestionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ingestions/{id}", GetIngestionAsync)
            .WithName("GetIngestion")
            .WithTags("Intake")
            .WithSummary("Status of one accepted payload: archive, stored records, queued messages")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetIngestionAsync(string id, StorageServices storage, CancellationToken cancellationToken)
    {
        var log = await storage.GetTableClient(TableNames.IngestionLog).GetEntityAsync(TableKey.Encode(id), IngestionLog.SummaryRow,
            cancellationToken: cancellationToken);
        if (log is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ingestion",
                detail: $"No ingestion with id '{id}'.", type: Problems.TypeBase + "not-found");

        var receipt = log.GetString("Receipt") is { } json ? JsonNode.Parse(json)!.AsObject() : new JsonObject();
        var result = new JsonObject
        {
            ["ingestionId"] = id,
            ["kind"] = log.GetString("Kind"),
            ["source"] = log.GetString("Source"),
            ["status"] = log.GetString("Status"),
            ["receivedAt"] = log.GetDateTimeOffset("ReceivedAt"),
            ["rawBlob"] = log.GetString("RawBlob"),
            ["records"] = log.GetInt32("Records"),
            ["messages"] = log.GetInt32("Messages"),
            ["queues"] = new JsonArray((log.GetString("Queues") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(q => (JsonNode)q).ToArray()),
        };
        foreach (var (key, value) in receipt)
            result[key] = value?.DeepClone();
        if (receipt["surveyId"]?.GetValue<string>() is { } surveyId && receipt["surveyPartition"]?.GetValue<string>() is { } partition)
            result["survey"] = await SurveySummaryAsync(storage, partition, surveyId, cancellationToken);
        return TypedResults.Ok(result);
    }

    /// <summary>The stored scores, without the respondent's contact data.</summary>
    private static async Task<JsonNode?> SurveySummaryAsync(StorageServices storage, string partition, string surveyId,
        CancellationToken cancellationToken)
    {
        var row = await storage.GetTableClient(TableNames.Surveys).GetEntityAsync(partition, surveyId,
            ["PropertyId", "Channel", "Nps", "Csat", "Ces", "Touchpoints", "Complaint", "SubmittedAt"], cancellationToken);
        if (row is null)
            return null;
        return new JsonObject
        {
            ["stored"] = true,
            ["propertyId"] = row.GetString("PropertyId"),
            ["channel"] = row.GetString("Channel"),
            ["nps"] = row.GetInt32("Nps"),
            ["csat"] = row.GetInt32("Csat"),
            ["ces"] = row.GetInt32("Ces"),
            ["touchpoints"] = row.GetString("Touchpoints") is { } t ? JsonNode.Parse(t) : null,
            ["complaint"] = row.GetBoolean("Complaint"),
            ["submittedAt"] = row.GetDateTimeOffset("SubmittedAt"),
        };
    }
}

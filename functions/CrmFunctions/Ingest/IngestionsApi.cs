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
        app.MapGet("/api/ingestions/{id}/raw", GetRawAsync)
            .WithName("GetIngestionRaw")
            .WithTags("Intake")
            .WithSummary("The archived payload of one ingestion, byte for byte as it was received (audit, replay)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Task<TableEntity?> ReadLogAsync(StorageServices storage, string id, CancellationToken cancellationToken) =>
        storage.GetTableClient(TableNames.IngestionLog).GetEntityOrDefaultAsync(TableKey.Encode(id), IngestionLog.SummaryRow,
            cancellationToken: cancellationToken);

    private static IResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Unknown ingestion", detail: $"No ingestion with id '{id}'.", type: Problems.TypeBase + "not-found");

    private static async Task<IResult> GetRawAsync(string id, StorageServices storage, CancellationToken cancellationToken)
    {
        if (await ReadLogAsync(storage, id, cancellationToken) is not { } log || log.GetString("RawBlob") is not { } rawBlob)
            return NotFound(id);
        var blob = await storage.GetBlobContainerClient(ContainerNames.Raw)
            .GetBlobClient(rawBlob[(ContainerNames.Raw.Length + 1)..]).DownloadContentAsync(cancellationToken);
        return TypedResults.Bytes(blob.Value.Content.ToArray(), blob.Value.Details.ContentType ?? "application/json");
    }

    private static async Task<IResult> GetIngestionAsync(string id, StorageServices storage, CancellationToken cancellationToken)
    {
        if (await ReadLogAsync(storage, id, cancellationToken) is not { } log)
            return NotFound(id);

        var receipt = IngestionLog.ReadReceipt(log) ?? new JsonObject();
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
        var row = await storage.GetTableClient(TableNames.Surveys).GetEntityOrDefaultAsync(partition, surveyId,
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

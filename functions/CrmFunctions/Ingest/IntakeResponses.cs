using System.Text.Json.Nodes;

namespace CrmFunctions.Ingest;

public static class IntakeResponses
{
    /// <summary>Runs the accept path and maps its outcomes: 202 with ids, 409 for a reused key, 503 when storage failed.</summary>
    public static async Task<IResult> AcceptAsync(IngestionService ingestion, IngestionRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await ingestion.AcceptAsync(request, cancellationToken);
            return Accepted(result);
        }
        catch (IdempotencyConflictException)
        {
            return Problems.IdempotencyConflict();
        }
        catch (StorageUnavailableException e)
        {
            response.Headers.RetryAfter = "5";
            return Problems.Unavailable(e.IngestionId);
        }
    }

    private static IResult Accepted(IngestionResult result)
    {
        var statusUrl = $"/api/ingestions/{result.Ticket.IngestionId}";
        var body = new JsonObject
        {
            ["ingestionId"] = result.Ticket.IngestionId,
            ["status"] = "accepted",
            ["replay"] = result.Replay,
            ["receivedAt"] = result.Ticket.ReceivedAt,
            ["rawBlob"] = "raw/" + result.RawBlob,
            ["statusUrl"] = statusUrl,
        };
        foreach (var (key, value) in result.Receipt)
            body[key] = value?.DeepClone();
        return TypedResults.Accepted(statusUrl, body);
    }
}

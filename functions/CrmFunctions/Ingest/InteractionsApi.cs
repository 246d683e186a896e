using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Interactions;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Ingest;

public static class InteractionsApi
{
    public const string DefaultSource = "interactions";

    public static IEndpointRouteBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/interactions", PostInteractionsAsync)
            .WithName("PostInteractions")
            .WithTags("Intake")
            .WithSummary("Accept contact-centre and front-desk interactions, one or a batch (up to 500; signed webhook)")
            .WithDescription("Body: an interaction, a JSON array of them or { \"interactions\": [...] }. Signed after the Standard " +
                "Webhooks scheme with the secret of ?source= (default 'interactions'). Source + id identify an interaction: " +
                "the same body delivered twice is a replay; a later update of the same id replaces it.")
            .Accepts<InteractionInput>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> PostInteractionsAsync(HttpRequest request, IngestionService ingestion, WebhookVerifier verifier,
        IOptions<IntakeOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (signed, problem) = await SignedBatch.ReadAsync(request, DefaultSource, verifier, options.Value, cancellationToken);
        if (problem is not null)
            return problem;
        var (items, isBatch, shapeProblem) = SignedBatch.Items<InteractionInput>(signed!.Body.Json, "interactions", options.Value.MaxBatchSize);
        if (shapeProblem is not null)
            return shapeProblem;

        var errors = new ValidationErrors();
        var now = clock.GetUtcNow();
        for (var i = 0; i < items.Count && errors.All.Count < 200; i++)
            InteractionValidator.Validate(items[i], SignedBatch.ItemPath("interactions", isBatch, i), now, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(errors, isBatch ? "Fix the listed interactions; nothing of the batch was accepted." : null);

        var source = signed.Source;
        var accept = new IngestionRequest("interactions", source, signed.Body.Bytes, "application/json",
            SignedBatch.BodyKey(source, signed.Body.Bytes), ticket => Prepare(ticket, source, items!));
        return await IntakeResponses.AcceptAsync(ingestion, accept, request.HttpContext.Response, cancellationToken);
    }

    private static IngestionWork Prepare(IngestionTicket ticket, string source, IReadOnlyList<InteractionInput?> items)
    {
        var rows = items.Select(i => (TableNames.Interactions, InteractionRows.ToEntity(source, ticket, i!))).ToList();
        var receipt = new JsonObject
        {
            ["interactionPartition"] = SurveyRows.Partition(ticket.ReceivedAt),
            ["interactions"] = new JsonArray(items.Select((item, index) => (JsonNode)new JsonObject
            {
                ["index"] = index,
                ["id"] = item!.Id,
                ["rowKey"] = rows[index].Item2.RowKey,
            }).ToArray()),
        };
        return new IngestionWork(rows, [], rows.Count, receipt);
    }
}

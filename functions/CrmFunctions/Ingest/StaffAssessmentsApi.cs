using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Staff;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Ingest;

public static class StaffAssessmentsApi
{
    public const string DefaultSource = "staff";

    public static IEndpointRouteBuilder MapStaffAssessmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/staff-assessments", PostStaffAssessmentsAsync)
            .WithName("PostStaffAssessments")
            .WithTags("Intake")
            .WithSummary("Accept staff skills self-assessments, one or a batch (up to 500; signed webhook)")
            .WithDescription("Body: an assessment, a JSON array of them or { \"assessments\": [...] }. Signed after the Standard " +
                "Webhooks scheme with the secret of ?source= (default 'staff'). Source + assessmentId identify an answer.")
            .Accepts<StaffAssessmentInput>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> PostStaffAssessmentsAsync(HttpRequest request, IngestionService ingestion, WebhookVerifier verifier,
        IOptions<IntakeOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (signed, problem) = await SignedBatch.ReadAsync(request, DefaultSource, verifier, options.Value, cancellationToken);
        if (problem is not null)
            return problem;
        var (items, isBatch, shapeProblem) = SignedBatch.Items<StaffAssessmentInput>(signed!.Body.Json, "assessments", options.Value.MaxBatchSize);
        if (shapeProblem is not null)
            return shapeProblem;

        var errors = new ValidationErrors();
        var now = clock.GetUtcNow();
        for (var i = 0; i < items.Count && errors.All.Count < 200; i++)
            StaffAssessmentValidator.Validate(items[i], SignedBatch.ItemPath("assessments", isBatch, i), now, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(errors, isBatch ? "Fix the listed assessments; nothing of the batch was accepted." : null);

        var source = signed.Source;
        var accept = new IngestionRequest("staff-assessments", source, signed.Body.Bytes, "application/json",
            SignedBatch.BodyKey(source, signed.Body.Bytes), ticket => Prepare(ticket, source, items!));
        return await IntakeResponses.AcceptAsync(ingestion, accept, request.HttpContext.Response, cancellationToken);
    }

    private static IngestionWork Prepare(IngestionTicket ticket, string source, IReadOnlyList<StaffAssessmentInput?> items)
    {
        var rows = items.Select(a => (TableNames.StaffAssessments, StaffAssessmentRows.ToEntity(source, ticket, a!))).ToList();
        var receipt = new JsonObject
        {
            ["assessmentPartition"] = SurveyRows.Partition(ticket.ReceivedAt),
            ["assessments"] = new JsonArray(items.Select((item, index) => (JsonNode)new JsonObject
            {
                ["index"] = index,
                ["assessmentId"] = item!.AssessmentId,
                ["rowKey"] = rows[index].Item2.RowKey,
            }).ToArray()),
        };
        return new IngestionWork(rows, [], rows.Count, receipt);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Intake;
using CrmFunctions.Ingest;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>
/// Review of the pipeline's decisions: open possible-duplicate pairs and their resolution, a golden record with its
/// members and merge log, and un-merging a member that should not have joined.
/// </summary>
public static class DuplicateReviewApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapDuplicateReview(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/duplicates", ListAsync)
            .WithName("ListDuplicates")
            .WithTags("Review")
            .WithSummary("Open possible-duplicate pairs, each with the matcher's explanation")
            .Produces<JsonObject>()
            .ProducesValidationProblem();
        app.MapGet("/api/duplicates/{pairId}", GetPairAsync)
            .WithName("GetDuplicate")
            .WithTags("Review")
            .WithSummary("One possible-duplicate pair, open or decided")
            .Produces<DuplicatePair>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/duplicates/{pairId}/resolve", ResolveAsync)
            .WithName("ResolveDuplicate")
            .WithTags("Review")
            .WithSummary("Decide a pair: merge the two golden records, or never-link them")
            .WithDescription("Body: { \"decision\": \"merge\" | \"never-link\", \"decidedBy\": \"who\" }. A never-link holds for every later arrival.")
            .Accepts<ResolveRequest>("application/json")
            .Produces<JsonObject>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/golden-records/{contactId}", GetGoldenRecordAsync)
            .WithName("GetGoldenRecord")
            .WithTags("Review")
            .WithSummary("A golden record with its members, profile, linked surveys and merge log")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/golden-records/{contactId}/unmerge", UnmergeAsync)
            .WithName("UnmergeContact")
            .WithTags("Review")
            .WithSummary("Split one member off a golden record; it gets its own golden record back")
            .WithDescription("Body: { \"member\": \"{source}/{sourceRecordId}\", \"decidedBy\": \"who\" }. The two are never linked again.")
            .Accepts<UnmergeRequest>("application/json")
            .Produces<JsonObject>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record ResolveRequest(string? Decision, string? DecidedBy);

    public sealed record UnmergeRequest(string? Member, string? DecidedBy);

    private static async Task<IResult> ListAsync(HttpRequest request, DuplicateReviews reviews, CancellationToken cancellationToken)
    {
        if (!Problems.TryReadLimit(request, DefaultLimit, MaxLimit, out var limit, out var problem))
            return problem;
        var pairs = await reviews.ListOpenAsync(limit, cancellationToken);
        return TypedResults.Ok(new JsonObject
        {
            ["count"] = pairs.Count,
            ["pairs"] = JsonSerializer.SerializeToNode(pairs, PipelineJson.Options),
        });
    }

    private static async Task<IResult> GetPairAsync(string pairId, DuplicateReviews reviews, CancellationToken cancellationToken) =>
        DuplicateReviews.ParsePairId(pairId) is null ? UnknownPair(pairId)
        : await reviews.GetAsync(pairId, cancellationToken) is { } pair ? TypedResults.Json(pair, PipelineJson.Options)
        : UnknownPair(pairId);

    private static async Task<IResult> ResolveAsync(string pairId, HttpRequest request, DuplicateReviews reviews, GoldenRecordEditor editor,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<ResolveRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        if (body!.Decision is not ("merge" or "never-link"))
            return Problems.Validation(Problems.Single("decision", "must be \"merge\" or \"never-link\"."));
        if (body.DecidedBy is { Length: > 100 })
            return Problems.Validation(Problems.Single("decidedBy", "must be at most 100 characters."));
        if (DuplicateReviews.ParsePairId(pairId) is null || await reviews.GetAsync(pairId, cancellationToken) is not { } pair)
            return UnknownPair(pairId);
        if (pair.Status != "open")
            return Conflict($"The pair was already decided ({pair.Status}).");
        var result = await editor.ResolveAsync(pair, body.Decision, body.DecidedBy, cancellationToken);
        return Answer(result, new JsonObject
        {
            ["pairId"] = pairId,
            ["decision"] = body.Decision,
            ["contactId"] = result.ContactId,
            ["otherContactId"] = result.OtherContactId,
        });
    }

    private static async Task<IResult> GetGoldenRecordAsync(string contactId, GoldenRecordStore goldenRecords, ContactProfiles profiles,
        MergeLog mergeLog, CancellationToken cancellationToken)
    {
        var stored = await goldenRecords.GetAsync(contactId, cancellationToken);
        if (stored is null)
            return UnknownRecord(contactId);
        var log = await mergeLog.ReadAsync(contactId, cancellationToken);
        var result = new JsonObject
        {
            ["contactId"] = contactId,
            ["mergedInto"] = stored.MergedInto,
            ["goldenRecord"] = stored.Record is null ? null : JsonSerializer.SerializeToNode(stored.Record, PipelineJson.Options),
            ["mergeLog"] = JsonSerializer.SerializeToNode(log, PipelineJson.Options),
        };
        if (stored.Record is not null)
        {
            var profile = await profiles.GetProfileAsync(contactId, cancellationToken);
            result["profile"] = profile is null ? null : RowJson.From(profile);
            result["surveys"] = JsonSerializer.SerializeToNode(await profiles.SurveysOfAsync(contactId, cancellationToken), PipelineJson.Options);
        }
        return TypedResults.Ok(result);
    }

    private static async Task<IResult> UnmergeAsync(string contactId, HttpRequest request, GoldenRecordEditor editor, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<UnmergeRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(body!.Member) || !body.Member.Contains('/'))
            return Problems.Validation(Problems.Single("member", "must name a member as \"{source}/{sourceRecordId}\" (see the golden record's members)."));
        if (body.DecidedBy is { Length: > 100 })
            return Problems.Validation(Problems.Single("decidedBy", "must be at most 100 characters."));
        var result = await editor.UnmergeAsync(contactId, body.Member, body.DecidedBy, cancellationToken);
        return Answer(result, new JsonObject
        {
            ["contactId"] = result.ContactId,
            ["member"] = body.Member,
            ["memberContactId"] = result.OtherContactId,
        });
    }

    private static IResult Answer(EditResult result, JsonObject ok) => result.Status switch
    {
        EditStatus.Done => TypedResults.Ok(ok),
        EditStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Detail,
            type: Problems.TypeBase + "not-found"),
        _ => Conflict(result.Detail ?? "The change conflicts with an earlier decision."),
    };

    private static IResult UnknownPair(string pairId) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Unknown pair", detail: $"No possible-duplicate pair '{pairId}' (pair ids are '{{contactId}}_{{contactId}}').",
        type: Problems.TypeBase + "not-found");

    private static IResult UnknownRecord(string contactId) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Unknown golden record", detail: $"No golden record '{contactId}'.", type: Problems.TypeBase + "not-found");

    private static IResult Conflict(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Conflicting decision", detail: detail, type: Problems.TypeBase + "review-conflict");
}

using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Ingest;
using CrmFunctions.Messaging;
using CrmFunctions.Pipeline;

namespace CrmFunctions.Privacy;

/// <summary>
/// Guests' rights: access (everything held about a guest, as JSON) and erasure (accepted at once, carried out by the
/// EraseGuest queue function, followed on its status URL). Each request is audited in PrivacyLog without the
/// identifier in clear.
/// </summary>
public static class PrivacyApi
{
    public sealed record ErasureRequest(string? Email, string? Phone, string? ContactId, string? Reason, string? RequestedBy);

    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/privacy/guests", ExportAsync)
            .WithName("GetPrivacyGuest")
            .WithTags("Privacy")
            .WithSummary("Everything held about one guest (access request), by email, phone or contactId")
            .Produces<JsonObject>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/privacy/erasures", RequestErasureAsync)
            .WithName("PostPrivacyErasure")
            .WithTags("Privacy")
            .WithSummary("Erase one guest from every store")
            .WithDescription("Body: { \"email\" | \"phone\" | \"contactId\": \"…\", \"reason\": \"…\", \"requestedBy\": \"…\" }. Answers 202 with the status URL.")
            .Accepts<ErasureRequest>("application/json")
            .Produces<JsonObject>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();
        app.MapGet("/api/privacy/erasures/{erasureId}", GetErasureAsync)
            .WithName("GetPrivacyErasure")
            .WithTags("Privacy")
            .WithSummary("An erasure's status (pending, completed, failed) with its counts per store")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ExportAsync(string? email, string? phone, string? contactId, string? requestedBy, GuestExport export,
        GuestFinder finder, CancellationToken cancellationToken)
    {
        var (subject, errors) = PrivacySubject.Read(email, phone, contactId, finder.DefaultCountry);
        if (subject is null) return Problems.Validation(errors);
        if (requestedBy is { Length: > 100 }) return Problems.Validation(Problems.Single("requestedBy", "must be at most 100 characters."));
        var result = await export.ExportAsync(subject, requestedBy, cancellationToken);
        return result.Found
            ? TypedResults.Ok(result.Document)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown guest",
                detail: $"Nothing is held about a guest with this {subject.Scope}.", type: Problems.TypeBase + "not-found");
    }

    private static async Task<IResult> RequestErasureAsync(HttpRequest request, GuestFinder finder, PrivacyLog log, IQueueSender queues,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<ErasureRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var (subject, errors) = PrivacySubject.Read(body!.Email, body.Phone, body.ContactId, finder.DefaultCountry);
        if (subject is null) return Problems.Validation(errors);
        errors.MaxLength("reason", body.Reason, 500);
        errors.MaxLength("requestedBy", body.RequestedBy, 100);
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var record = PrivacyRecord.NewErasure(subject, body.RequestedBy, body.Reason, clock.GetUtcNow());
        // Logged before queued: a request the queue took is never without its status row.
        await log.WriteAsync(record, cancellationToken);
        var message = new ErasureMessage(record.Id, subject.Email, subject.Phone, subject.ContactId);
        await queues.SendAsync(QueueNames.PrivacyErasures, JsonSerializer.Serialize(message, PipelineJson.Options), record.Id, cancellationToken);
        var statusUrl = StatusUrl(record.Id);
        return TypedResults.Accepted(statusUrl, new JsonObject { ["erasureId"] = record.Id, ["status"] = record.Status, ["statusUrl"] = statusUrl });
    }

    private static async Task<IResult> GetErasureAsync(string erasureId, PrivacyLog log, CancellationToken cancellationToken) =>
        PrivacyLog.IsId(erasureId, "er") && await log.GetAsync(PrivacyLog.Erasure, erasureId, cancellationToken) is { } record
            ? TypedResults.Ok(PrivacyLog.ToJson(record, StatusUrl(record.Id)))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown erasure",
                detail: "No erasure request has this id.", type: Problems.TypeBase + "not-found");

    private static string StatusUrl(string erasureId) => "/api/privacy/erasures/" + erasureId;
}

using System.Text.Json;
using CrmFunctions.Core.Intake;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmFunctions.Ingest;

/// <summary>Every intake error as application/problem+json, naming the field where there is one.</summary>
public static class Problems
{
    public const string TypeBase = "https://crmfunctions.dev/problems/";

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
        detail: $"Send the body as application/json (got '{contentType ?? "none"}').", type: TypeBase + "unsupported-media-type");

    public static ProblemHttpResult TooLarge(int maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
        detail: $"The body must be at most {maxBytes} bytes; split the batch.", type: TypeBase + "too-large");

    public static ValidationProblem MalformedJson(JsonException e) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]>
        {
            ["$"] = [$"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."],
        },
        title: "Malformed JSON", type: TypeBase + "malformed-json");

    /// <summary>A value of the wrong type ("birthDate": "yesterday"): JsonException.Path names the field.</summary>
    public static ValidationProblem WrongType(JsonException e, string pathPrefix = "")
    {
        var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
        var field = pathPrefix.Length == 0 ? (path.Length == 0 ? "$" : path) : FieldPath.Join(pathPrefix, path);
        return TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = ["has a value of the wrong type or format (dates as yyyy-MM-dd, times as ISO 8601)."] },
            title: "Invalid field", type: TypeBase + "validation");
    }

    public static ValidationProblem Validation(ValidationErrors errors, string? detail = null) => TypedResults.ValidationProblem(
        errors.ToDictionary(), title: "The request has invalid fields", detail: detail, type: TypeBase + "validation");

    public static ProblemHttpResult Unauthorized(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized, title: "Bad or missing signature", detail: detail, type: TypeBase + "signature");

    public static ProblemHttpResult IdempotencyConflict() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
        detail: "This Idempotency-Key was already used with a different body. Use a new key for a new request.",
        type: TypeBase + "idempotency-conflict");

    public static IResult Unavailable(string ingestionId) => Results.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable",
        detail: "The payload could not be fully accepted; nothing is lost and retrying the same request is safe.",
        type: TypeBase + "unavailable",
        extensions: new Dictionary<string, object?> { ["ingestionId"] = ingestionId });

    /// <summary>Storage failed before an ingestion id was given (a lookup the intake needs): nothing was accepted.</summary>
    public static IResult Unavailable() => Results.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable",
        detail: "Nothing was accepted; retrying the same request is safe.", type: TypeBase + "unavailable");

    public static ValidationErrors Single(string field, string reason)
    {
        var errors = new ValidationErrors();
        errors.Add(field, reason);
        return errors;
    }

    /// <summary>A list's optional ?limit= (a whole number from 1 to <paramref name="max"/>), or the problem naming the field.</summary>
    public static bool TryReadLimit(HttpRequest request, int defaultLimit, int max, out int limit,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ValidationProblem? problem)
    {
        limit = defaultLimit;
        problem = null;
        if (request.Query["limit"].FirstOrDefault() is not { } text || int.TryParse(text, out limit) && limit >= 1 && limit <= max)
            return true;
        problem = Validation(Single("limit", $"must be a whole number from 1 to {max}."));
        return false;
    }
}

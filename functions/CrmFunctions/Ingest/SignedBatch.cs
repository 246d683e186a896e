using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmFunctions.Core.Intake;

namespace CrmFunctions.Ingest;

/// <summary>
/// The front half of every signed feed (<see cref="SignedFeeds"/>): source from ?source=, body checks (415/413/400),
/// Standard Webhooks signature (401), then one item, an array of items, or { "{member}": [...] } (at most
/// Intake:MaxBatchSize).
/// </summary>
public static class SignedBatch
{
    public sealed record Signed(string Source, RequestBody.Read Body);

    public static async Task<(Signed? Signed, IResult? Problem)> ReadAsync(HttpRequest request, string defaultSource,
        WebhookVerifier verifier, IntakeOptions options, CancellationToken cancellationToken)
    {
        var source = request.Query["source"].FirstOrDefault() ?? defaultSource;
        if (!ContactsApi.SourceName().IsMatch(source))
            return (null, Problems.Validation(Single("source", "must be 1-40 letters, digits, '-' or '_'.")));
        var (body, problem) = await RequestBody.ReadJsonAsync(request, options.MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return (null, problem);
        if (verifier.VerifyStandard(source, request.Headers, body!.Bytes) is { } unauthorized)
            return (null, unauthorized);
        return (new Signed(source, body), null);
    }

    /// <summary>
    /// Items of the body; field paths of a batch are "{member}[i].field", of a single item just "field". Without a member
    /// the body is one item.
    /// </summary>
    public static (IReadOnlyList<T?> Items, bool IsBatch, IResult? Problem) Items<T>(JsonElement json, string? member, int maxBatchSize)
    {
        var list = json.ValueKind switch
        {
            JsonValueKind.Array when member is not null => json,
            JsonValueKind.Object when member is not null && json.TryGetProperty(member, out var inner) => inner,
            _ => (JsonElement?)null,
        };
        List<T?>? items;
        try
        {
            items = list is { } batch ? batch.Deserialize<List<T?>>(IntakeJson.Options)
                : json.ValueKind == JsonValueKind.Object ? [json.Deserialize<T>(IntakeJson.Options)]
                : null;
        }
        catch (JsonException e)
        {
            // In a batch the exception's path starts at the list ("$[3].receivedAt"): name it as validation does.
            var path = (e.Path ?? "$").TrimStart('$');
            var field = list is not null ? member + path : path.TrimStart('.') is { Length: > 0 } p ? p : "$";
            return ([], list is not null, Problems.Validation(Single(field,
                "has a value of the wrong type or format (days as yyyy-MM-dd, times as ISO 8601 with offset, true/false, numbers unquoted).")));
        }
        if (items is null)
            return ([], false, Problems.Validation(member is null
                ? Single("$", "must be a JSON object.")
                : Single(json.ValueKind == JsonValueKind.Object ? member : "$", $"must be an object, an array of them or {{ \"{member}\": [...] }}.")));
        if (items.Count == 0)
            return ([], true, Problems.Validation(Single(member!, "must hold at least one item.")));
        if (items.Count > maxBatchSize)
            return ([], true, Problems.Validation(Single(member!, $"must hold at most {maxBatchSize} items; split the batch.")));
        return (items, list is not null, null);
    }

    public static string ItemPath(string? member, bool isBatch, int index) => isBatch ? FieldPath.Index(member!, index) : "";

    /// <summary>
    /// A redelivery (same body, any webhook-id or timestamp) is a replay. A corrected item comes in another body: it is
    /// accepted again and, its row key being deterministic, replaces the row of that day.
    /// </summary>
    public static string BodyKey(string source, byte[] body) => $"{source}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";

    /// <summary>A stable row key from the parts that identify a record, safe in table keys.</summary>
    public static string StableKey(string prefix, params string[] parts) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts))))[..24];

    public static ValidationErrors Single(string field, string reason)
    {
        var errors = new ValidationErrors();
        errors.Add(field, reason);
        return errors;
    }
}

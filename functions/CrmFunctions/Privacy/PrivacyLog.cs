using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>One privacy request as the audit keeps it: no identifier in clear, only what was asked of which kind.</summary>
public sealed record PrivacyRecord
{
    public required string Id { get; init; }
    /// <summary>"erasure" or "export".</summary>
    public required string Kind { get; init; }
    /// <summary>pending, completed, failed (erasures); completed, not-found (exports).</summary>
    public required string Status { get; init; }
    /// <summary>What the request named the guest by: email, phone or contactId.</summary>
    public required string Scope { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public string? RequestedBy { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>Rows, blobs and messages found (export) or erased (erasure), per store.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; init; } = new Dictionary<string, int>();
    public string? Error { get; init; }
    public int Attempts { get; init; }
    /// <summary>
    /// The golden records an erasure found on its first attempt (ids only): a resumed attempt finds them by id, since
    /// the index that led from the e-mail to them may be gone already.
    /// </summary>
    public IReadOnlyList<string> ContactIds { get; init; } = [];

    /// <summary>An erasure request as accepted: pending, with a new id.</summary>
    public static PrivacyRecord NewErasure(PrivacySubject subject, string? requestedBy, string? reason, DateTimeOffset now) => new()
    {
        Id = PrivacyLog.NewId("er", now),
        Kind = PrivacyLog.Erasure,
        Status = "pending",
        Scope = subject.Scope,
        RequestedAt = now,
        RequestedBy = requestedBy,
        Reason = reason,
    };
}

/// <summary>
/// Table PrivacyLog: partition = kind (erasure, export), row = request id. An erasure's row is its status: the queue
/// function adds each store's count as it goes, so a delivery that resumes a crashed one adds to the same row.
/// </summary>
public sealed class PrivacyLog(TableClient table)
{
    public const string Erasure = "erasure";
    public const string Export = "export";

    public static string NewId(string prefix, DateTimeOffset now) =>
        $"{prefix}-{now.UtcDateTime:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    /// <summary>Whether a text from a URL has the shape of <see cref="NewId"/>: anything else is not looked up.</summary>
    public static bool IsId(string text, string prefix) =>
        text.Length == prefix.Length + 31 && text.StartsWith(prefix + "-", StringComparison.Ordinal)
        && text[(prefix.Length + 1)..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f' || c == '-');

    public Task WriteAsync(PrivacyRecord record, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken);

    public async Task<PrivacyRecord?> GetAsync(string kind, string id, CancellationToken cancellationToken) =>
        await table.GetEntityOrDefaultAsync(kind, id, cancellationToken: cancellationToken).ConfigureAwait(false) is { } row ? FromEntity(row) : null;

    public async Task<IReadOnlyList<PrivacyRecord>> ListAsync(string kind, int max, CancellationToken cancellationToken)
    {
        var list = new List<PrivacyRecord>();
        await foreach (var row in table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {kind}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            list.Add(FromEntity(row));
        return [.. list.OrderByDescending(r => r.RequestedAt).Take(max)];
    }

    private static TableEntity ToEntity(PrivacyRecord r)
    {
        var entity = new TableEntity(r.Kind, r.Id)
        {
            ["Status"] = r.Status,
            ["Scope"] = r.Scope,
            ["RequestedAt"] = r.RequestedAt,
            ["RequestedBy"] = r.RequestedBy,
            ["Reason"] = r.Reason,
            ["CompletedAt"] = r.CompletedAt,
            ["Counts"] = JsonSerializer.Serialize(r.Counts),
            ["Error"] = r.Error,
            ["Attempts"] = r.Attempts,
            ["ContactIds"] = r.ContactIds.Count == 0 ? null : string.Join(' ', r.ContactIds),
        };
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
            entity.Remove(key);
        return entity;
    }

    private static PrivacyRecord FromEntity(TableEntity row) => new()
    {
        Id = row.RowKey,
        Kind = row.PartitionKey,
        Status = row.GetString("Status") ?? "pending",
        Scope = row.GetString("Scope") ?? "",
        RequestedAt = row.GetDateTimeOffset("RequestedAt") ?? default,
        RequestedBy = row.GetString("RequestedBy"),
        Reason = row.GetString("Reason"),
        CompletedAt = row.GetDateTimeOffset("CompletedAt"),
        Counts = row.GetString("Counts") is { } counts ? JsonSerializer.Deserialize<Dictionary<string, int>>(counts) ?? [] : [],
        Error = row.GetString("Error"),
        Attempts = row.GetInt32("Attempts") ?? 0,
        ContactIds = row.GetString("ContactIds") is { Length: > 0 } ids ? ids.Split(' ') : [],
    };

    public static JsonObject ToJson(PrivacyRecord r, string? statusUrl = null) => new()
    {
        ["id"] = r.Id,
        ["kind"] = r.Kind,
        ["status"] = r.Status,
        ["scope"] = r.Scope,
        ["requestedAt"] = r.RequestedAt,
        ["requestedBy"] = r.RequestedBy,
        ["reason"] = r.Reason,
        ["completedAt"] = r.CompletedAt,
        ["attempts"] = r.Attempts,
        ["counts"] = new JsonObject(r.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
        ["error"] = r.Error,
        ["statusUrl"] = statusUrl,
    };
}

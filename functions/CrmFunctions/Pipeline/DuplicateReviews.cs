using System.Text.Json;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>Two golden records that may be one guest, with why the matcher thought so.</summary>
public sealed record DuplicatePair
{
    public required string PairId { get; init; }
    public required string ContactA { get; init; }
    public required string ContactB { get; init; }
    public double? Score { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The matcher's decision that raised the pair: comparators, score, thresholds, blocking keys.</summary>
    public MergeLogEntry? Explanation { get; init; }
    /// <summary>open, merge, never-link.</summary>
    public string Status { get; init; } = "open";
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? ResolvedBy { get; init; }
}

/// <summary>
/// Table DuplicateReview. Open pairs live in partition "open" (listing them is one partition query), decided
/// pairs move to "resolved", and each never-link is filed under both records ("never:{ContactId}" → other id),
/// so the pipeline checks it with a point read whenever a later arrival brings the two together again.
/// </summary>
public sealed class DuplicateReviews(TableClient table)
{
    public const string OpenPartition = "open";
    public const string ResolvedPartition = "resolved";

    public TableClient Table => table;

    public static string PairId(string a, string b) =>
        string.CompareOrdinal(a, b) <= 0 ? a + "_" + b : b + "_" + a;

    public static (string A, string B)? ParsePairId(string pairId)
    {
        var parts = pairId.Split('_');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 && string.CompareOrdinal(parts[0], parts[1]) < 0
            ? (parts[0], parts[1])
            : null;
    }

    /// <summary>Files a pair for review unless the two were already judged (never-link or an earlier decision).</summary>
    /// <returns>False when the pair was not filed because it was judged before.</returns>
    public async Task<bool> ProposeAsync(string a, string b, double? score, MergeLogEntry explanation, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (a == b) return false;
        var pairId = PairId(a, b);
        if (await IsNeverLinkedAsync(a, b, cancellationToken).ConfigureAwait(false)
            || await table.GetEntityOrDefaultAsync(ResolvedPartition, pairId, ["Status"], cancellationToken).ConfigureAwait(false) is not null)
            return false;
        var (first, second) = ParsePairId(pairId)!.Value;
        await table.UpsertEntityAsync(new TableEntity(OpenPartition, pairId)
        {
            ["ContactA"] = first,
            ["ContactB"] = second,
            ["Score"] = score ?? 0,
            ["CreatedAt"] = at,
            ["Explanation"] = JsonSerializer.Serialize(explanation, PipelineJson.Options),
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<DuplicatePair>> ListOpenAsync(int max, CancellationToken cancellationToken)
    {
        var pairs = new List<DuplicatePair>();
        await foreach (var row in table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}"), maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            pairs.Add(Read(row, "open"));
            if (pairs.Count >= max) break;
        }
        return pairs;
    }

    public async Task<DuplicatePair?> GetAsync(string pairId, CancellationToken cancellationToken)
    {
        if (await table.GetEntityOrDefaultAsync(OpenPartition, pairId, cancellationToken: cancellationToken).ConfigureAwait(false) is { } open)
            return Read(open, "open");
        return await table.GetEntityOrDefaultAsync(ResolvedPartition, pairId, cancellationToken: cancellationToken).ConfigureAwait(false) is { } done
            ? Read(done, done.GetString("Status") ?? "resolved")
            : null;
    }

    /// <summary>Records the decision and takes the pair off the open list (resolved first, so a crash leaves no open pair undecided twice).</summary>
    public async Task ResolveAsync(DuplicatePair pair, string status, string? decidedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(ResolvedPartition, pair.PairId)
        {
            ["ContactA"] = pair.ContactA,
            ["ContactB"] = pair.ContactB,
            ["Score"] = pair.Score ?? 0,
            ["CreatedAt"] = pair.CreatedAt,
            ["Status"] = status,
            ["ResolvedAt"] = at,
            ["ResolvedBy"] = decidedBy,
            ["Explanation"] = pair.Explanation is null ? null : JsonSerializer.Serialize(pair.Explanation, PipelineJson.Options),
        };
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
            entity.Remove(key);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(OpenPartition, pair.PairId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes an open pair that a later event settled (the two records were merged or split), if there is one.</summary>
    public async Task CloseIfOpenAsync(string a, string b, string status, string? decidedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await table.GetEntityOrDefaultAsync(OpenPartition, PairId(a, b), cancellationToken: cancellationToken).ConfigureAwait(false) is { } open)
            await ResolveAsync(Read(open, "open"), status, decidedBy, at, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Erasure: the pairs that involve the records keep their decision (who, when, which ids, the score and the
    /// comparator levels) and lose the explanation's personal values (member key, blocking keys).
    /// </summary>
    /// <returns>How many pairs were scrubbed.</returns>
    public async Task<int> ScrubAsync(IReadOnlyCollection<string> contactIds, CancellationToken cancellationToken)
    {
        var scrubbed = 0;
        await foreach (var row in RowsInvolvingAsync(contactIds, cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("Explanation") is not { } json || JsonSerializer.Deserialize<MergeLogEntry>(json, PipelineJson.Options) is not { } entry) continue;
            if (entry.MemberKey == Erased && entry.BlockingKeys.Count == 0 && entry.FoundBy.Count == 0) continue;
            row["Explanation"] = JsonSerializer.Serialize(entry with { MemberKey = Erased, BlockingKeys = [], FoundBy = [] }, PipelineJson.Options);
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            scrubbed++;
        }
        return scrubbed;
    }

    /// <summary>The pairs, open or decided, that involve any of the records (a guest's access request).</summary>
    public async Task<IReadOnlyList<DuplicatePair>> InvolvingAsync(IReadOnlyCollection<string> contactIds, CancellationToken cancellationToken)
    {
        var pairs = new List<DuplicatePair>();
        await foreach (var row in RowsInvolvingAsync(contactIds, cancellationToken).ConfigureAwait(false))
            pairs.Add(Read(row, row.GetString("Status") ?? row.PartitionKey));
        return pairs;
    }

    private async IAsyncEnumerable<TableEntity> RowsInvolvingAsync(IReadOnlyCollection<string> contactIds,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var partition in (string[])[OpenPartition, ResolvedPartition])
            await foreach (var row in table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken)
                .ConfigureAwait(false))
                if (contactIds.Contains(row.GetString("ContactA") ?? "") || contactIds.Contains(row.GetString("ContactB") ?? ""))
                    yield return row;
    }

    /// <summary>What an erased member key reads as in a kept decision.</summary>
    public const string Erased = "erased";

    public Task NeverLinkAsync(string a, string b, CancellationToken cancellationToken) => Task.WhenAll(
        table.UpsertEntityAsync(new TableEntity(NeverPartition(a), b), TableUpdateMode.Replace, cancellationToken),
        table.UpsertEntityAsync(new TableEntity(NeverPartition(b), a), TableUpdateMode.Replace, cancellationToken));

    public async Task<bool> IsNeverLinkedAsync(string a, string b, CancellationToken cancellationToken) =>
        await table.GetEntityOrDefaultAsync(NeverPartition(a), b, ["RowKey"], cancellationToken).ConfigureAwait(false) is not null;

    private static string NeverPartition(string contactId) => "never:" + contactId;

    private static DuplicatePair Read(TableEntity row, string status) => new()
    {
        PairId = row.RowKey,
        ContactA = row.GetString("ContactA") ?? string.Empty,
        ContactB = row.GetString("ContactB") ?? string.Empty,
        Score = row.GetDouble("Score"),
        CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? default,
        Explanation = row.GetString("Explanation") is { } json ? JsonSerializer.Deserialize<MergeLogEntry>(json, PipelineJson.Options) : null,
        Status = status,
        ResolvedAt = row.GetDateTimeOffset("ResolvedAt"),
        ResolvedBy = row.GetString("ResolvedBy"),
    };
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmFunctions.Core.Matching;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>What was decided for one source record and why.</summary>
public sealed record MergeLogEntry
{
    public required string ContactId { get; init; }
    /// <summary>new-record, merge, possible-duplicate, records-merged, review-merge, review-never-link, unmerge, split-from, merged-into.</summary>
    public required string Outcome { get; init; }
    public required string MemberKey { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>The contact's own blocking keys ("email:…", "phone:…").</summary>
    public IReadOnlyList<string> BlockingKeys { get; init; } = [];
    /// <summary>The candidate golden record that scored best, if any.</summary>
    public string? CandidateId { get; init; }
    public double? Score { get; init; }
    public double AutoMergeThreshold { get; init; }
    public double ReviewThreshold { get; init; }
    /// <summary>Each comparator's level and weight against the best-agreeing member of the best candidate.</summary>
    public IReadOnlyList<ComparisonResult> Comparisons { get; init; } = [];
    /// <summary>Blocking keys the contact shares with the best candidate.</summary>
    public IReadOnlyList<string> FoundBy { get; init; } = [];
    public IReadOnlyList<string> Vetoes { get; init; } = [];
    /// <summary>Other candidates with their scores, best first.</summary>
    public IReadOnlyList<CandidateScore> OtherCandidates { get; init; } = [];
    /// <summary>For review decisions and un-merges: the other golden record involved, and who decided.</summary>
    public string? OtherContactId { get; init; }
    public string? DecidedBy { get; init; }
    public string? Note { get; init; }

    /// <summary>An entry for a decision about two golden records (review, automatic record merge, un-merge), on the grounds of an earlier one.</summary>
    public static MergeLogEntry Between(string contactId, string other, string outcome, string? decidedBy, DateTimeOffset at, MergeLogEntry? basis) => new()
    {
        ContactId = contactId,
        Outcome = outcome,
        MemberKey = basis?.MemberKey ?? string.Empty,
        At = at,
        OtherContactId = other,
        DecidedBy = decidedBy,
        Score = basis?.Score,
        AutoMergeThreshold = basis?.AutoMergeThreshold ?? 0,
        ReviewThreshold = basis?.ReviewThreshold ?? 0,
        Comparisons = basis?.Comparisons ?? [],
        BlockingKeys = basis?.BlockingKeys ?? [],
        FoundBy = basis?.FoundBy ?? [],
    };
}

public sealed record CandidateScore(string ContactId, double Score);

/// <summary>
/// The merge log lives next to the golden record in table Contacts (partition = ContactId), one row per decision
/// under "log:", so a decision and the record it changed are written in one transaction. Row keys are derived
/// from the decision (time, member, outcome), so a redelivered message rewrites its own row instead of adding one.
/// </summary>
public sealed class MergeLog(TableClient contacts)
{
    public const string RowPrefix = "log:";

    public TableClient Table => contacts;

    public static MergeLogEntry FromDecision(string contactId, string memberKey, DateTimeOffset at, MatchDecision decision, MatchThresholds thresholds)
    {
        var best = decision.Best;
        return new MergeLogEntry
        {
            ContactId = contactId,
            Outcome = decision.Outcome switch
            {
                MatchOutcome.Merge => "merge",
                MatchOutcome.PossibleDuplicate => "possible-duplicate",
                _ => "new-record",
            },
            MemberKey = memberKey,
            At = at,
            BlockingKeys = decision.Keys.Select(k => k.ToString()).ToList(),
            CandidateId = best?.CandidateId,
            Score = best is null || !double.IsFinite(best.Score) ? null : Math.Round(best.Score, 3),
            AutoMergeThreshold = thresholds.AutoMerge,
            ReviewThreshold = thresholds.Review,
            Comparisons = best?.Comparisons ?? [],
            FoundBy = best?.FoundBy.Select(k => k.ToString()).ToList() ?? [],
            Vetoes = best?.Vetoes ?? [],
            OtherCandidates = decision.Candidates.Skip(1).Take(10)
                .Select(c => new CandidateScore(c.CandidateId, double.IsFinite(c.Score) ? Math.Round(c.Score, 3) : 999)).ToList(),
        };
    }

    /// <summary>The row of one entry, for a transaction with the golden record it concerns.</summary>
    public static TableEntity Entity(MergeLogEntry entry)
    {
        var rowKey = RowPrefix + entry.At.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", System.Globalization.CultureInfo.InvariantCulture)
            + "-" + Hash(entry.MemberKey + "\n" + entry.OtherContactId) + "-" + entry.Outcome;
        var entity = new TableEntity(entry.ContactId, rowKey)
        {
            ["Outcome"] = entry.Outcome,
            ["MemberKey"] = entry.MemberKey,
            ["At"] = entry.At,
            ["Score"] = entry.Score,
            ["CandidateId"] = entry.CandidateId,
            ["OtherContactId"] = entry.OtherContactId,
            ["Entry"] = JsonSerializer.Serialize(entry, PipelineJson.Options),
        };
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
            entity.Remove(key);
        return entity;
    }

    public Task WriteAsync(MergeLogEntry entry, CancellationToken cancellationToken) =>
        contacts.UpsertEntityAsync(Entity(entry), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Every decision about one golden record, oldest first (one partition, the log's rows only).</summary>
    public async Task<IReadOnlyList<MergeLogEntry>> ReadAsync(string contactId, CancellationToken cancellationToken)
    {
        var entries = new List<MergeLogEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {contactId} and RowKey ge {RowPrefix} and RowKey lt {"log;"}");
        await foreach (var row in contacts.QueryRowsAsync(filter, ["Entry"], cancellationToken: cancellationToken).ConfigureAwait(false))
            if (row.GetString("Entry") is { } json && JsonSerializer.Deserialize<MergeLogEntry>(json, PipelineJson.Options) is { } entry)
                entries.Add(entry);
        return entries;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmFunctions.Core.Barometers;

/// <summary>
/// What one barometer refresh tells managers, in one message: the status changes grouped by indicator and scope
/// (the week and the month of the same indicator and property together), worst first, and the baseline of the
/// indicators evaluated for the first time (counted, not listed one by one).
/// </summary>
public sealed record AlertDigest
{
    /// <summary>The "kind" of the message on campaign-triggers.</summary>
    public const string MessageKind = "alert-digest";

    [JsonPropertyOrder(-1)]
    public string Kind => MessageKind;

    /// <summary>The same for a refresh and its re-run after a crash: the queue's and the sent-log's de-duplication key.</summary>
    public required string Id { get; init; }

    public required DateTimeOffset At { get; init; }

    public required IReadOnlyList<AlertGroup> Groups { get; init; }

    /// <summary>Groups left out beyond <see cref="AlertDigests.MaxGroups"/> (the least severe): the dashboard has them all.</summary>
    public int OmittedGroups { get; init; }

    /// <summary>First evaluations, per scope: the group-wide one (Property null) first, then per property.</summary>
    public required IReadOnlyList<BaselineCount> Baseline { get; init; }

    [JsonIgnore]
    public bool IsEmpty => Groups.Count == 0 && OmittedGroups == 0 && Baseline.Count == 0;

    [JsonIgnore]
    public int ChangeCount => Groups.Sum(g => g.Changes.Count);

    /// <summary>The part of the digest about some scopes (a property's managers get their property's groups).</summary>
    public AlertDigest For(Func<string?, bool> property) => this with
    {
        Groups = [.. Groups.Where(g => property(g.Property))],
        OmittedGroups = 0,
        Baseline = [.. Baseline.Where(b => property(b.Property))],
    };

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter<IndicatorStatus>(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static AlertDigest? FromJson(string json) => JsonSerializer.Deserialize<AlertDigest>(json, JsonOptions);
}

/// <summary>One indicator in one scope, with its changes (week first, then month).</summary>
/// <param name="Scope">The dimension without its period: "property=paris-opera|segment=*|channel=*".</param>
/// <param name="Property">The property of the scope, or null for all properties.</param>
/// <param name="Worst">The most severe status the group moved to.</param>
public sealed record AlertGroup(string Indicator, string Label, string Scope, string? Property, IndicatorStatus Worst, IReadOnlyList<AlertChange> Changes);

/// <param name="Period">"week" or "month".</param>
/// <param name="PeriodLabel">"2026-W49", "2026-12".</param>
public sealed record AlertChange(string Period, string PeriodLabel, DateOnly PeriodStart, IndicatorStatus From, IndicatorStatus To,
    double Value, double Threshold, double Gap);

/// <summary>Indicator readings (indicator × week or month) of one scope evaluated for the first time, and how many are outside their thresholds.</summary>
public sealed record BaselineCount(string? Property, int Evaluated, int Warn, int Alert)
{
    [JsonIgnore]
    public int Outside => Warn + Alert;
}

/// <summary>A status change with a status before it, as the refresh found it.</summary>
/// <param name="Dimension">"week|property=paris-opera|segment=*|channel=*", as in the alert history.</param>
public sealed record DigestChange(string Indicator, string Label, string Dimension, Period Period, IndicatorStatus From, IndicatorStatus To,
    double Value, double Threshold, double Gap);

/// <summary>An indicator reading with no status kept before: its first real status.</summary>
public sealed record FirstEvaluation(string Indicator, string Dimension, IndicatorStatus Status);

public static class AlertDigests
{
    /// <summary>
    /// Enough for a manager to read, and keeps the message well under a Storage queue's 64 KB and a Teams post's 28 KB.
    /// </summary>
    public const int MaxGroups = 40;

    /// <summary>
    /// The digest of one refresh. <paramref name="follows"/> names the refresh it comes after (its stored watermark):
    /// with the changes it makes the id, so a re-run after a crash gives the same id, while the same change in a later
    /// refresh (back and forth within one week) gives another.
    /// </summary>
    public static AlertDigest Build(DateTimeOffset at, string follows, IEnumerable<DigestChange> changes, IEnumerable<FirstEvaluation> firsts)
    {
        var changeList = changes.ToList();
        var firstList = firsts.ToList();
        var groups = changeList
            .GroupBy(c => (c.Indicator, Scope: ScopeOf(c.Dimension)))
            .Select(g => Group(g.Key.Indicator, g.First().Label, g.Key.Scope, [.. g]))
            .OrderByDescending(g => g.Rank)
            .ThenBy(g => g.Group.Indicator, StringComparer.Ordinal)
            .ThenBy(g => g.Group.Property is null ? 0 : 1)
            .ThenBy(g => g.Group.Property, StringComparer.Ordinal)
            .Select(g => g.Group)
            .ToList();
        var baseline = firstList
            .GroupBy(f => PropertyOf(ScopeOf(f.Dimension)))
            .Select(g => new BaselineCount(g.Key, g.Count(), g.Count(f => f.Status == IndicatorStatus.Warn), g.Count(f => f.Status == IndicatorStatus.Alert)))
            .OrderBy(b => b.Property is null ? 0 : 1)
            .ThenBy(b => b.Property, StringComparer.Ordinal)
            .ToList();
        return new AlertDigest
        {
            Id = IdOf(follows, changeList, firstList),
            At = at,
            Groups = [.. groups.Take(MaxGroups)],
            OmittedGroups = Math.Max(0, groups.Count - MaxGroups),
            Baseline = baseline,
        };
    }

    /// <summary>"property=paris-opera|segment=*|channel=*" of "week|property=paris-opera|segment=*|channel=*".</summary>
    public static string ScopeOf(string dimension) => dimension.IndexOf('|') is var bar and >= 0 ? dimension[(bar + 1)..] : dimension;

    /// <summary>The property a scope is about, or null for all properties.</summary>
    public static string? PropertyOf(string scope) =>
        scope.Split('|').FirstOrDefault(p => p.StartsWith("property=", StringComparison.Ordinal)) is { } part && part["property=".Length..] is var value
            && value != "*" ? value : null;

    public static int Severity(IndicatorStatus status) => status switch
    {
        IndicatorStatus.Alert => 3,
        IndicatorStatus.Warn => 2,
        IndicatorStatus.Ok => 1,
        _ => 0,
    };

    private static (AlertGroup Group, (int Severity, int Worsening, double Gap) Rank) Group(string indicator, string label, string scope, List<DigestChange> changes)
    {
        var ordered = changes.OrderBy(c => c.Period.Kind).ThenBy(c => c.Period.Start).ToList();
        // The ranking change: the most severe status reached, a fall before a recovery to the same status, then
        // the larger gap. Gaps are in each indicator's unit (NPS points, seconds, %): compared relative to the threshold.
        var rank = ordered.Select(c => (Severity(c.To), Severity(c.To) > Severity(c.From) ? 1 : 0, Math.Abs(c.Gap) / Math.Max(Math.Abs(c.Threshold), 1)))
            .Max();
        var group = new AlertGroup(indicator, label, scope, PropertyOf(scope), ordered.MaxBy(c => Severity(c.To))!.To,
            [.. ordered.Select(c => new AlertChange(PeriodName(c.Period.Kind), c.Period.Label, c.Period.Start, c.From, c.To,
                Math.Round(c.Value, 2), c.Threshold, Math.Round(c.Gap, 2)))]);
        return (group, rank);
    }

    private static string PeriodName(PeriodKind kind) => kind switch
    {
        PeriodKind.IsoWeek => "week",
        PeriodKind.Month => "month",
        _ => "day",
    };

    private static string IdOf(string follows, IEnumerable<DigestChange> changes, IEnumerable<FirstEvaluation> firsts)
    {
        var lines = changes.Select(c => $"change\n{c.Indicator}\n{c.Dimension}\n{c.Period.Label}\n{c.From}\n{c.To}")
            .Concat(firsts.Select(f => $"first\n{f.Indicator}\n{f.Dimension}\n{f.Status}"))
            .Order(StringComparer.Ordinal);
        var text = follows + "\n\n" + string.Join("\n\n", lines);
        return "alert-digest-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }
}

using System.Globalization;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

/// <summary>Where an aggregate belongs inside a period: the property / segment / channel slice.</summary>
public sealed record Slice(string Property, string Segment, string Channel)
{
    public static Slice Of(AggregateKey key) => new(key.Property, key.Segment, key.Channel);

    public string RowKey => TableKey.Encode($"{Property}|{Segment}|{Channel}");

    public bool Matches(BarometerFilter filter) => filter.Matches(new AggregateKey(default, Property, Segment, Channel));
}

/// <summary>
/// Table Barometers. Partition per period, row per slice, so a refresh rewrites only the days it touched and a
/// reader fetches one partition per period whatever the history:
/// <list type="bullet">
/// <item>"day|2026-11-16", "week|2026-W47", "month|2026-11" / "{property}|{segment}|{channel}": Property, Segment,
/// Channel, Counters (the aggregate as JSON, split over Counters, Counters1... when longer than a table string).</item>
/// <item>"refresh" / "state": Watermark, RefreshedAt, FactsRead, DaysUpdated; "refresh" / "lease": LeaseUntil.</item>
/// <item>"alert-state" / "{indicator}|{dimension}": Status (the last real status, see AlertTransitions).</item>
/// <item>"alerts" / "{inverted ticks}|{indicator}|{dimension}": the alert history, newest first.</item>
/// </list>
/// </summary>
public sealed class BarometerStore(StorageServices storage)
{
    public const string RefreshPartition = "refresh";
    public const string StateRow = "state";
    public const string LeaseRow = "lease";
    public const string AlertStatePartition = "alert-state";
    public const string AlertsPartition = "alerts";
    private const int ChunkLength = 30_000;

    private TableClient Table => storage.GetTableClient(TableNames.Barometers);

    public static string PeriodPartition(Period period) => $"{KindName(period.Kind)}|{period.Label}";

    public static string KindName(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "day",
        PeriodKind.IsoWeek => "week",
        PeriodKind.Month => "month",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Every slice of one period (a day, or a roll-up).</summary>
    public async Task<Dictionary<Slice, BarometerAggregate>> ReadPeriodAsync(Period period, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Slice, BarometerAggregate>();
        await foreach (var row in Table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {PeriodPartition(period)}"),
                           cancellationToken: cancellationToken))
            result[new Slice(row.GetString("Property")!, row.GetString("Segment")!, row.GetString("Channel")!)] = ReadCounters(row);
        return result;
    }

    /// <summary>
    /// Makes one period's partition hold exactly <paramref name="slices"/>: changed rows are written, emptied ones
    /// deleted, in transactions of up to 100 rows.
    /// </summary>
    public async Task<int> WritePeriodAsync(Period period, IReadOnlyDictionary<Slice, BarometerAggregate> before,
        IReadOnlyDictionary<Slice, BarometerAggregate> after, CancellationToken cancellationToken)
    {
        var partition = PeriodPartition(period);
        var actions = new List<TableTransactionAction>();
        foreach (var (slice, aggregate) in after)
        {
            if (aggregate.IsEmpty || (before.TryGetValue(slice, out var old) && old.Equals(aggregate))) continue;
            var entity = new TableEntity(partition, slice.RowKey)
            {
                ["Property"] = slice.Property,
                ["Segment"] = slice.Segment,
                ["Channel"] = slice.Channel,
            };
            WriteCounters(entity, aggregate);
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        }
        foreach (var slice in before.Keys.Where(s => !after.TryGetValue(s, out var a) || a.IsEmpty))
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, slice.RowKey), ETag.All));
        foreach (var chunk in actions.Chunk(TableBatches.MaxTransactionActions))
            await Table.SubmitTransactionAsync(chunk, cancellationToken);
        return actions.Count;
    }

    public async Task<RefreshState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityOrDefaultAsync(RefreshPartition, StateRow, cancellationToken: cancellationToken);
        return new RefreshState(row?.GetDateTimeOffset("Watermark"), row?.GetDateTimeOffset("RefreshedAt"),
            row?.GetDateTimeOffset("InProgressSince"));
    }

    /// <summary>
    /// Set before a refresh writes anything and dropped by <see cref="WriteStateAsync"/> when it ends: still there at
    /// the next start, it says a refresh stopped half-way (crash, cancelled request) and the aggregates cannot be trusted.
    /// </summary>
    public Task MarkInProgressAsync(DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(new TableEntity(RefreshPartition, StateRow) { ["InProgressSince"] = startedAt },
            TableUpdateMode.Merge, cancellationToken);

    /// <summary>Drops the mark of <see cref="MarkInProgressAsync"/> for work that does not write a new state (an erasure).</summary>
    public async Task EndInProgressAsync(CancellationToken cancellationToken)
    {
        if (await Table.GetEntityOrDefaultAsync(RefreshPartition, StateRow, cancellationToken: cancellationToken) is not { } row)
            return;
        row.Remove("InProgressSince");
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Deletes every day, week and month aggregate (alert states, alert history and refresh rows stay).</summary>
    public Task<int> ClearAggregatesAsync(CancellationToken cancellationToken) =>
        TableRows.DeleteWhereAsync(Table,
            string.Join(" or ", new[] { PeriodKind.Day, PeriodKind.IsoWeek, PeriodKind.Month }.Select(kind =>
                TableClient.CreateQueryFilter($"(PartitionKey ge {KindName(kind) + "|"} and PartitionKey lt {KindName(kind) + "}"})"))),
            _ => true, cancellationToken);

    public Task WriteStateAsync(DateTimeOffset watermark, DateTimeOffset refreshedAt, RefreshSummary summary, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(new TableEntity(RefreshPartition, StateRow)
        {
            ["Watermark"] = watermark,
            ["RefreshedAt"] = refreshedAt,
            ["FactsRead"] = summary.FactsRead,
            ["DaysUpdated"] = summary.DaysUpdated,
            ["AlertsRaised"] = summary.AlertsRaised,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// One refresh at a time (the timer, an on-demand call and a backfill may overlap): a lease row taken with its
    /// ETag. A crashed refresh's lease simply expires.
    /// </summary>
    public async Task<ETag?> TryTakeLeaseAsync(DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        var lease = new TableEntity(RefreshPartition, LeaseRow) { ["LeaseUntil"] = now + duration };
        var existing = await Table.GetEntityOrDefaultAsync(RefreshPartition, LeaseRow, cancellationToken: cancellationToken);
        try
        {
            if (existing is null) return (await Table.AddEntityAsync(lease, cancellationToken)).Headers.ETag;
            if (existing.GetDateTimeOffset("LeaseUntil") > now) return null;
            return (await Table.UpdateEntityAsync(lease, existing.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag;
        }
        catch (Azure.RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    public async Task ReleaseLeaseAsync(ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(RefreshPartition, LeaseRow, etag, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Expired and taken by another refresh, or already gone: nothing of ours to release.
        }
    }

    public async Task<Dictionary<string, IndicatorStatus>> ReadAlertStatesAsync(CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, IndicatorStatus>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {AlertStatePartition}"), cancellationToken: cancellationToken))
            if (Enum.TryParse<IndicatorStatus>(row.GetString("Status"), out var status))
                states[TableKey.Decode(row.RowKey)] = status;
        return states;
    }

    public Task WriteAlertStateAsync(string indicatorAndDimension, IndicatorStatus status, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(new TableEntity(AlertStatePartition, TableKey.Encode(indicatorAndDimension))
        {
            ["Status"] = status.ToString(),
        }, TableUpdateMode.Replace, cancellationToken);

    public Task AddAlertAsync(StoredAlert alert, CancellationToken cancellationToken)
    {
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - alert.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        return Table.UpsertEntityAsync(new TableEntity(AlertsPartition, TableKey.Encode($"{inverted}|{alert.Indicator}|{alert.Dimension}"))
        {
            ["At"] = alert.At,
            ["Indicator"] = alert.Indicator,
            ["Dimension"] = alert.Dimension,
            ["Period"] = alert.Period,
            ["From"] = alert.From,
            ["To"] = alert.To,
            ["Value"] = alert.Value,
            ["Threshold"] = alert.Threshold,
            ["Gap"] = alert.Gap,
            ["Baseline"] = alert.Baseline,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<List<StoredAlert>> ReadAlertsAsync(int top, CancellationToken cancellationToken)
    {
        var alerts = new List<StoredAlert>();
        await foreach (var row in Table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {AlertsPartition}"), maxPerPage: top,
                           cancellationToken: cancellationToken))
        {
            alerts.Add(new StoredAlert(row.GetDateTimeOffset("At")!.Value, row.GetString("Indicator")!, row.GetString("Dimension")!,
                row.GetString("Period")!, row.GetString("From")!, row.GetString("To")!, row.GetDouble("Value") ?? 0,
                row.GetDouble("Threshold") ?? 0, row.GetDouble("Gap") ?? 0, row.GetBoolean("Baseline") ?? false));
            if (alerts.Count >= top) break;
        }
        return alerts;
    }

    public static void WriteCounters(TableEntity entity, BarometerAggregate aggregate)
    {
        var json = aggregate.ToJson();
        for (int i = 0, part = 0; i < json.Length || part == 0; i += ChunkLength, part++)
            entity[part == 0 ? "Counters" : "Counters" + part.ToString(CultureInfo.InvariantCulture)] =
                json.Substring(i, Math.Min(ChunkLength, json.Length - i));
    }

    public static BarometerAggregate ReadCounters(TableEntity entity)
    {
        var json = entity.GetString("Counters") ?? "{}";
        for (var part = 1; entity.GetString("Counters" + part.ToString(CultureInfo.InvariantCulture)) is { } more; part++)
            json += more;
        return BarometerAggregate.FromJson(json);
    }
}

public sealed record RefreshState(DateTimeOffset? Watermark, DateTimeOffset? RefreshedAt, DateTimeOffset? InProgressSince = null);

public sealed record RefreshSummary(DateTimeOffset Watermark, int FactsRead, int DaysUpdated, int AlertsRaised, double Seconds);

/// <summary>
/// One status change of an indicator, as kept in the alert history. <paramref name="Baseline"/>: the first evaluation
/// of the indicator in its dimension (no status kept before; "from" is the Ok it is assumed to start from), which the
/// refresh's digest counts in its baseline rather than listing it as a change.
/// </summary>
public sealed record StoredAlert(DateTimeOffset At, string Indicator, string Dimension, string Period, string From, string To,
    double Value, double Threshold, double Gap, bool Baseline = false);

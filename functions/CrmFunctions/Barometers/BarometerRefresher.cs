using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Messaging;
using CrmFunctions.Privacy;

namespace CrmFunctions.Barometers;

public sealed record RefreshOptions
{
    /// <summary>
    /// The next refresh starts this much before the current one did: a fact stamped just before the start but
    /// committed just after is read next time. Reading a fact twice is harmless (the ledger makes it a no-op).
    /// </summary>
    public TimeSpan SafetyMargin { get; init; } = TimeSpan.FromMinutes(2);

    public static RefreshOptions Default { get; } = new();
}

/// <summary>Another refresh holds the lease; this one did nothing.</summary>
public sealed class RefreshBusyException() : Exception("Another barometer refresh is running; try again in a moment.");

/// <summary>
/// The refresh behind the timer, POST /api/barometers/refresh and the backfill verb: read the facts stored since the
/// watermark, replace each one's previous contribution in its day, roll the touched days up into their weeks and
/// months, then compare the current week and month with the thresholds and send one digest of the status changes.
/// </summary>
public sealed class BarometerRefresher(
    FactFeed feed, BarometerLedger ledger, BarometerStore store, BarometerSettings settings, IQueueSender queues, GuestKeyer keyer,
    TimeProvider clock, ILogger<BarometerRefresher> logger, RefreshOptions? options = null,
    CustomerBaseSnapshots? customerBase = null)
{
    private TimeSpan SafetyMargin => (options ?? RefreshOptions.Default).SafetyMargin;

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(30);

    /// <param name="from">Backfill: read facts received since this time instead of since the watermark.</param>
    public async Task<RefreshSummary> RefreshAsync(DateTimeOffset? from, Action<string>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var startedAt = clock.GetUtcNow();
        var lease = await store.TryTakeLeaseAsync(startedAt, LeaseDuration, cancellationToken) ?? throw new RefreshBusyException();
        try
        {
            var state = await store.ReadStateAsync(cancellationToken);
            // What this run follows until it writes its own: the same for a re-run after a crash.
            var storedWatermark = state.Watermark;
            var legacyLedger = await ledger.HasLegacyTableAsync(cancellationToken);
            if (state.InProgressSince is not null || legacyLedger)
            {
                // Days, ledger and roll-ups are written one after the other: after a stop half-way they may disagree,
                // and only a recount from the facts is sure to be right. The same when the ledger is in the old table.
                if (legacyLedger)
                    logger.LogWarning("The barometer ledger is in its former single table; rebuilding the aggregates from the facts");
                else
                    logger.LogWarning("The barometer refresh started at {Started:O} did not finish; rebuilding the aggregates from the facts",
                        state.InProgressSince);
                progress?.Invoke("rebuilding from every fact (the last refresh did not finish, or the ledger moved)");
                await store.ClearAggregatesAsync(cancellationToken);
                await ledger.ClearCountsAsync(cancellationToken);
                state = state with { Watermark = null };
                from = null;
            }
            await store.MarkInProgressAsync(startedAt, cancellationToken);
            var (pending, consumed) = await feed.ReadPendingAsync(cancellationToken);
            var changes = new Dictionary<string, FactChange>(StringComparer.Ordinal);
            var read = 0;
            void Take(FactChange change)
            {
                if (!changes.TryGetValue(change.Key, out var seen) || seen.Version <= change.Version) changes[change.Key] = change;
                if (++read % 10_000 == 0) progress?.Invoke($"{read} facts read");
            }
            foreach (var change in pending) Take(change);

            // The first refresh, and a backfill, also scan the fact tables: facts stored before the change feed existed,
            // or to recount a period. Otherwise the change feed is all there is to read.
            var since = from ?? state.Watermark;
            if (from is not null || state.Watermark is null)
            {
                progress?.Invoke(since is { } s ? $"reading facts received since {s:O}" : "reading every fact (first refresh)");
                await foreach (var change in feed.ReadSinceAsync(since, cancellationToken)) Take(change);
            }
            else
            {
                progress?.Invoke($"reading the change feed since {since:O}");
            }
            progress?.Invoke($"{read} facts read, {changes.Count} distinct; reading what they counted before");

            // The very first build (no watermark, empty ledger) has nothing to replace: skip a point read per fact.
            var before = since is null && await ledger.IsEmptyAsync(cancellationToken)
                ? new Dictionary<string, LedgerEntry>()
                : await ledger.ReadAsync(changes.Keys, cancellationToken);
            var (adds, subtracts, entries) = Diff(changes.Values, before);
            progress?.Invoke($"{entries.Count} facts change the figures");

            var days = adds.Keys.Concat(subtracts.Keys).Select(k => k.Day).Distinct().Order().ToList();
            var updated = 0;
            await Parallel.ForEachAsync(days, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (day, ct) =>
                {
                    if (await UpdateDayAsync(day, adds, subtracts, ct)) Interlocked.Increment(ref updated);
                });
            await ledger.WriteAsync(entries, cancellationToken);
            await feed.DeleteConsumedAsync(consumed, cancellationToken);
            progress?.Invoke($"{updated} days updated; rolling up weeks and months");

            await RollUpAsync(adds, subtracts, cancellationToken);
            // The customer-base figures come from a scan of the golden records: once a day, or when a backfill asks.
            if (customerBase is not null)
            {
                if (from is not null)
                    await customerBase.BuildAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), progress, cancellationToken);
                else
                    await customerBase.BuildIfDueAsync(progress, cancellationToken);
            }
            var alerts = await RaiseAlertsAsync(clock.GetUtcNow(), storedWatermark, cancellationToken);

            var watermark = startedAt - SafetyMargin;
            var summary = new RefreshSummary(watermark, read, updated, alerts, stopwatch.Elapsed.TotalSeconds);
            await store.WriteStateAsync(watermark, clock.GetUtcNow(), summary, cancellationToken);
            if (legacyLedger) await ledger.DropLegacyTableAsync(cancellationToken);
            logger.LogInformation("Barometers refreshed: {Facts} facts read, {Days} days updated, {Alerts} alerts in {Seconds:F1} s",
                read, updated, alerts, summary.Seconds);
            return summary;
        }
        finally
        {
            await store.ReleaseLeaseAsync(lease, CancellationToken.None);
        }
    }

    /// <summary>
    /// Erasure: takes every contribution of one guest out of the days (and so weeks and months) it counted in, and
    /// marks those facts erased so that a later delivery or a backfill does not count them again. The e-mail and the
    /// phone may be typed in any form the pipeline reads: both are looked for.
    /// </summary>
    /// <returns>How many facts were taken out.</returns>
    public Task<int> ForgetGuestAsync(string? email, string? phone, CancellationToken cancellationToken) =>
        ForgetGuestAsync(keyer.AllOf([email], [phone]), cancellationToken);

    /// <summary>The same for a guest known by its keys (<see cref="GuestKeyer.AllOf"/>: every contact point of the guest).</summary>
    public async Task<int> ForgetGuestAsync(IReadOnlyCollection<string> guestKeys, CancellationToken cancellationToken)
    {
        if (guestKeys.Count == 0) return 0;
        var lease = await store.TryTakeLeaseAsync(clock.GetUtcNow(), LeaseDuration, cancellationToken) ?? throw new RefreshBusyException();
        try
        {
            await store.MarkInProgressAsync(clock.GetUtcNow(), cancellationToken);
            var indexed = new List<(string GuestKey, IReadOnlyList<string> Facts)>();
            foreach (var guestKey in guestKeys)
                indexed.Add((guestKey, await ledger.KeysOfGuestAsync(guestKey, cancellationToken)));
            var counted = await ledger.ReadAsync(indexed.SelectMany(i => i.Facts).ToHashSet(StringComparer.Ordinal), cancellationToken);
            var subtracts = new Dictionary<AggregateKey, BarometerAggregate>();
            foreach (var entry in counted.Values.Where(e => !e.Erased && e.Day is not null))
                Accumulate(subtracts, entry.Day!, entry.Contribution);
            var days = subtracts.Keys.Select(k => k.Day).Distinct().Order().ToList();
            foreach (var day in days)
                await UpdateDayAsync(day, new Dictionary<AggregateKey, BarometerAggregate>(), subtracts, cancellationToken);
            await ledger.WriteAsync(counted.Values.Select(e => e with { Day = null, Contribution = BarometerAggregate.Empty, Erased = true }).ToList(),
                cancellationToken);
            await RollUpAsync(new Dictionary<AggregateKey, BarometerAggregate>(), subtracts, cancellationToken);
            foreach (var (guestKey, facts) in indexed)
                await ledger.DeleteGuestIndexAsync(guestKey, facts, cancellationToken);
            await store.EndInProgressAsync(cancellationToken);
            logger.LogInformation("Barometers: {Facts} facts of an erased guest taken out of {Days} days", counted.Count, days.Count);
            return counted.Count;
        }
        finally
        {
            await store.ReleaseLeaseAsync(lease, CancellationToken.None);
        }
    }

    /// <summary>
    /// What the changed facts add and take away, day by day. A fact already counted as it is, or older than the
    /// version counted, or belonging to an erased guest, changes nothing.
    /// </summary>
    public static (Dictionary<AggregateKey, BarometerAggregate> Adds, Dictionary<AggregateKey, BarometerAggregate> Subtracts, List<LedgerEntry> Entries)
        Diff(IEnumerable<FactChange> changes, IReadOnlyDictionary<string, LedgerEntry> counted)
    {
        var adds = new Dictionary<AggregateKey, BarometerAggregate>();
        var subtracts = new Dictionary<AggregateKey, BarometerAggregate>();
        var entries = new List<LedgerEntry>();
        foreach (var change in changes)
        {
            var old = counted.GetValueOrDefault(change.Key);
            if (old is { Erased: true } || (old is not null && old.Version > change.Version)) continue;
            if (old is not null && old.Day == change.Day && old.Contribution.Equals(change.Contribution)) continue;
            if (old?.Day is { } oldDay) Accumulate(subtracts, oldDay, old.Contribution);
            if (change.Day is { } newDay) Accumulate(adds, newDay, change.Contribution);
            entries.Add(LedgerEntry.From(change));
        }
        return (adds, subtracts, entries);
    }

    private static void Accumulate(Dictionary<AggregateKey, BarometerAggregate> into, AggregateKey key, BarometerAggregate value) =>
        into[key] = (into.GetValueOrDefault(key) ?? BarometerAggregate.Empty).Add(value);

    private async Task<bool> UpdateDayAsync(DateOnly day, IReadOnlyDictionary<AggregateKey, BarometerAggregate> adds,
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> subtracts, CancellationToken cancellationToken) =>
        await ApplyAsync(Period.Day(day), adds, subtracts, cancellationToken) > 0;

    /// <summary>
    /// The same changes applied to the touched weeks and months: one partition read and write per period, whatever
    /// the history (sums of integers, so a roll-up stays exactly the sum of its days).
    /// </summary>
    private async Task RollUpAsync(IReadOnlyDictionary<AggregateKey, BarometerAggregate> adds,
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> subtracts, CancellationToken cancellationToken)
    {
        var periods = adds.Keys.Concat(subtracts.Keys).Select(k => k.Day).Distinct()
            .SelectMany(d => new[] { Period.Containing(PeriodKind.IsoWeek, d), Period.Containing(PeriodKind.Month, d) })
            .Distinct().ToList();
        await Parallel.ForEachAsync(periods, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (period, ct) => await ApplyAsync(period, adds, subtracts, ct));
    }

    /// <summary>
    /// Reads one period's partition, applies what its days gain and lose (each changed day adds its new contribution
    /// before taking the old one away, so no counter dips below zero on the way) and writes what changed.
    /// </summary>
    /// <returns>How many rows were written or deleted.</returns>
    private async Task<int> ApplyAsync(Period period, IReadOnlyDictionary<AggregateKey, BarometerAggregate> adds,
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> subtracts, CancellationToken cancellationToken)
    {
        var before = await store.ReadPeriodAsync(period, cancellationToken);
        var after = new Dictionary<Slice, BarometerAggregate>(before);
        foreach (var key in adds.Keys.Concat(subtracts.Keys).Where(k => period.Contains(k.Day)).Distinct())
        {
            var slice = Slice.Of(key);
            var value = (after.GetValueOrDefault(slice) ?? BarometerAggregate.Empty).Add(adds.GetValueOrDefault(key) ?? BarometerAggregate.Empty);
            after[slice] = value.Subtract(subtracts.GetValueOrDefault(key) ?? BarometerAggregate.Empty);
        }
        return await store.WritePeriodAsync(period, before, after, cancellationToken);
    }

    /// <summary>
    /// The current week and month, group-wide and per property, against the thresholds, told in one digest per
    /// refresh (<see cref="AlertDigest"/>): the status changes (AlertTransitions) grouped and worst first, and the
    /// readings evaluated for the first time (no status kept before) as a baseline rather than as alerts. Every
    /// change, first evaluations included, is kept in the alert history; a first evaluation is marked there as a
    /// baseline (its "from" is the Ok an indicator is assumed to start from). The digest is sent before the new
    /// statuses are kept: a crash in between sends it again with the same id, which Service Bus duplicate detection
    /// and the dispatch's sent-log drop.
    /// </summary>
    /// <param name="follows">The watermark the refresh started from: what makes its digest id differ from the next refresh's.</param>
    private async Task<int> RaiseAlertsAsync(DateTimeOffset now, DateTimeOffset? follows, CancellationToken cancellationToken)
    {
        var states = await store.ReadAlertStatesAsync(cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var history = new List<StoredAlert>();
        var changes = new List<DigestChange>();
        var firsts = new List<FirstEvaluation>();
        var statesToKeep = new List<(string Key, IndicatorStatus Status)>();
        foreach (var kind in new[] { PeriodKind.IsoWeek, PeriodKind.Month })
        {
            var period = Period.Containing(kind, today);
            var current = await store.ReadPeriodAsync(period, cancellationToken);
            var previous = await store.ReadPeriodAsync(period.Previous(), cancellationToken);
            var filters = current.Keys.Select(s => s.Property).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(p => new BarometerFilter(p)).Prepend(BarometerFilter.All);
            foreach (var filter in filters)
            {
                var report = Barometer.Compute(Sum(current, filter), Sum(previous, filter), period, filter, settings,
                    await SnapshotAsync(period, filter, cancellationToken), await SnapshotAsync(period.Previous(), filter, cancellationToken));
                var dimension = Dimension(kind, filter);
                var last = report.Lines.Where(l => states.ContainsKey(StateKey(l.IndicatorId, dimension)))
                    .ToDictionary(l => l.IndicatorId, l => states[StateKey(l.IndicatorId, dimension)], StringComparer.Ordinal);
                var (keep, alerts) = AlertTransitions.Detect(report, last);
                foreach (var alert in alerts)
                {
                    var first = !last.ContainsKey(alert.IndicatorId);
                    history.Add(new StoredAlert(now, alert.IndicatorId, dimension, alert.Period.Label, Name(alert.From), Name(alert.To),
                        alert.Value, alert.Threshold, alert.Gap, first));
                    if (!first)
                        changes.Add(new DigestChange(alert.IndicatorId, report[alert.IndicatorId].Definition.Label, dimension, alert.Period,
                            alert.From, alert.To, alert.Value, alert.Threshold, alert.Gap));
                }
                foreach (var (indicator, status) in keep)
                {
                    if (last.TryGetValue(indicator, out var was) && was == status) continue;
                    if (!last.ContainsKey(indicator)) firsts.Add(new FirstEvaluation(indicator, dimension, status));
                    statesToKeep.Add((StateKey(indicator, dimension), status));
                }
            }
        }
        var digest = AlertDigests.Build(now, follows?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "first", changes, firsts);
        if (!digest.IsEmpty)
            await queues.SendAsync(QueueNames.CampaignTriggers, digest.ToJson(), digest.Id, cancellationToken);
        foreach (var alert in history)
            await store.AddAlertAsync(alert, cancellationToken);
        foreach (var (key, status) in statesToKeep)
            await store.WriteAlertStateAsync(key, status, cancellationToken);
        return history.Count;
    }

    /// <summary>
    /// The customer-base snapshot the base.* indicators are measured on; rebuilt once a day, so their status (and
    /// alerts) can only change when a build ran.
    /// </summary>
    private async Task<CustomerBaseSnapshot?> SnapshotAsync(Period period, BarometerFilter filter, CancellationToken cancellationToken) =>
        customerBase is null ? null : await customerBase.ReadIfListedAsync(settings, period, filter, cancellationToken);

    public static BarometerAggregate Sum(IReadOnlyDictionary<Slice, BarometerAggregate> slices, BarometerFilter filter) =>
        BarometerAggregate.Sum(slices.Where(s => s.Key.Matches(filter)).Select(s => s.Value));

    /// <summary>"week|property=paris-opera|segment=*|channel=*": what an alert state and an alert are about.</summary>
    public static string Dimension(PeriodKind kind, BarometerFilter filter) => $"{BarometerStore.KindName(kind)}|{filter}";

    private static string StateKey(string indicator, string dimension) => indicator + "|" + dimension;

    public static string Name<T>(T value) where T : Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

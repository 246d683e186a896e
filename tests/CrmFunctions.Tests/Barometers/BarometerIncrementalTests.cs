using CrmFunctions.Barometers;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Barometers;

/// <summary>
/// Refreshing as facts arrive gives the figures a recomputation from scratch gives: late answers, redeliveries
/// and updated facts included; and an erased guest's answers can be taken out.
/// </summary>
public sealed class BarometerIncrementalTests(AzuriteFixture azurite) : AppTest(azurite, f =>
{
    f.Settings["Barometers:Thresholds:nps:MinimumSample"] = "1";
})
{
    private static readonly DateTimeOffset Week45 = new(2026, 11, 3, 18, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Week47 = new(2026, 11, 17, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task After_a_refresh_that_stopped_half_way_the_next_one_rebuilds_the_figures_from_the_facts()
    {
        var property = NewProperty();
        var store = Factory.Services.GetRequiredService<BarometerStore>();
        var table = Azurite.CreateServices().GetTableClient(TableNames.Barometers);
        await PostSurveyAsync(Client, property, Week47, 10);
        await PostSurveyAsync(Client, property, Week47, 6);
        await RefreshAsync(Client);
        await PostSurveyAsync(Client, property, Week47, 9);
        await RefreshAsync(Client);

        // What a stop between writing the ledger and rolling up leaves: the fact counted in the ledger, the week
        // without it, and the mark the refresh set before writing.
        var week = Period.Containing(PeriodKind.IsoWeek, new DateOnly(2026, 11, 17));
        foreach (var slice in (await store.ReadPeriodAsync(week, CancellationToken.None)).Keys.Where(k => k.Property == property))
            await table.DeleteEntityAsync(BarometerStore.PeriodPartition(week), slice.RowKey);
        await store.MarkInProgressAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var broken = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(0, (long)Indicator(broken, "nps")["n"]!);

        await RefreshAsync(Client);

        var rebuilt = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(3, (long)Indicator(rebuilt, "nps")["n"]!);
        Assert.Equal(33.33, (double)Indicator(rebuilt, "nps")["value"]!);
        Assert.Null((await store.ReadStateAsync(CancellationToken.None)).InProgressSince);
        // Nothing counted twice: another refresh changes nothing.
        await RefreshAsync(Client);
        Assert.Equal(3, (long)Indicator(await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}"), "nps")["n"]!);
    }

    [Fact]
    public async Task A_ledger_still_in_its_former_single_table_is_recounted_from_the_facts_then_dropped()
    {
        var property = NewProperty();
        var storage = Azurite.CreateServices();
        var call = "call-" + property;
        await PostCallAsync(Client, property, call, Week47, waitSeconds: 10);
        await RefreshAsync(Client);

        // An installation from before the ledger was spread over sixteen tables: its counts are in the old table.
        foreach (var name in TableNames.BarometerLedgers)
        {
            var shard = storage.GetTableClient(name);
            foreach (var row in await shard.QueryRowsAsync().ToListAsync())
                await shard.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
        var legacy = storage.GetTableClient("BarometerLedger");
        await legacy.CreateIfNotExistsAsync();
        await legacy.UpsertEntityAsync(new TableEntity("f00", "i|old") { ["Erased"] = false }, TableUpdateMode.Replace);

        // The call updated (answered after 40 s): it replaces what the old ledger counted instead of adding to it.
        await PostCallAsync(Client, property, call, Week47, waitSeconds: 40);
        await RefreshAsync(Client);

        var week = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(1, (long)Indicator(week, "calls.service-level")["n"]!);
        Assert.Equal(0, (double)Indicator(week, "calls.service-level")["value"]!);
        Assert.Equal(404, (await legacy.DeleteAsync()).Status); // dropped by the refresh
    }

    [Fact]
    public async Task Facts_added_over_several_refreshes_give_the_figures_of_a_full_recomputation()
    {
        var property = NewProperty();
        var storage = Azurite.CreateServices();

        // Refresh 1: two answers and one call (answered after 10 s) in week 47.
        await PostSurveyAsync(Client, property, Week47, 10, csat: 5);
        await PostSurveyAsync(Client, property, Week47, 6, csat: 3);
        await PostCallAsync(Client, property, "call-1-" + property, Week47, waitSeconds: 10);
        await RefreshAsync(Client);

        // Refresh 2: a late answer for week 45, a third week-47 answer, the call resent after an update (40 s wait).
        await PostSurveyAsync(Client, property, Week45, 9);
        await PostSurveyAsync(Client, property, Week47, 9, csat: 4);
        await PostCallAsync(Client, property, "call-1-" + property, Week47, waitSeconds: 40);
        await RefreshAsync(Client);

        // Refresh 3: one answer delivered again on another day (a new row in a later partition, same key), as intake stores it.
        var surveys = storage.GetTableClient(TableNames.Surveys);
        var answer = await surveys.QueryRowsAsync(TableClient.CreateQueryFilter($"PropertyId eq {property} and Nps eq 6")).SingleAsync();
        var redelivered = new TableEntity(answer.Where(p => p.Key is not ("PartitionKey" or "Timestamp" or "odata.etag")).ToDictionary()) { PartitionKey = SurveyRowsPartitionTomorrow() };
        redelivered["ReceivedAt"] = DateTimeOffset.UtcNow;
        await surveys.UpsertEntityAsync(redelivered, TableUpdateMode.Replace);
        await storage.GetTableClient(TableNames.BarometerChanges)
            .UpsertEntityAsync(ChangeRows.For(TableNames.Surveys, redelivered, DateTimeOffset.UtcNow, Factory.Services.GetRequiredService<GuestKeyer>())!, TableUpdateMode.Replace);
        await RefreshAsync(Client);
        // Refresh 4: nothing new.
        await RefreshAsync(Client);

        // What a user sees: week 47 counts each answer once (10, 6, 9 → NPS (2 − 1) / 3 = 33.33) and the call once,
        // at its updated wait (40 s: outside the 15 s service level).
        var week = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(3, (long)Indicator(week, "nps")["n"]!);
        Assert.Equal(33.33, (double)Indicator(week, "nps")["value"]!);
        Assert.Equal(1, (long)Indicator(week, "calls.service-level")["n"]!);
        Assert.Equal(0, (double)Indicator(week, "calls.service-level")["value"]!);
        var late = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-03&property={property}");
        Assert.Equal(100, (double)Indicator(late, "nps")["value"]!);

        // And every stored day, week and month of the property equals a recomputation from all the facts.
        var full = await FullRecomputationAsync(storage, property);
        var store = Factory.Services.GetRequiredService<BarometerStore>();
        foreach (var kind in new[] { PeriodKind.Day, PeriodKind.IsoWeek, PeriodKind.Month })
        {
            var expected = Rollup.ByPeriod(full, kind);
            Assert.NotEmpty(expected);
            foreach (var period in expected.Keys.Select(k => k.Period).Distinct())
            {
                var stored = (await store.ReadPeriodAsync(period, CancellationToken.None))
                    .Where(s => s.Key.Property == property)
                    .ToDictionary(s => s.Key, s => s.Value);
                var wanted = expected.Where(e => e.Key.Period == period)
                    .ToDictionary(e => new Slice(e.Key.Property, e.Key.Segment, e.Key.Channel), e => e.Value);
                Assert.Equal(wanted.Keys.OrderBy(k => k.RowKey), stored.Keys.OrderBy(k => k.RowKey));
                foreach (var (slice, aggregate) in wanted)
                    Assert.Equal(aggregate, stored[slice]);
            }
        }
    }

    [Fact]
    public async Task An_erased_guest_s_answers_are_taken_out_and_stay_out_after_a_backfill()
    {
        var property = NewProperty();
        await PostSurveyAsync(Client, property, Week47, 10, email: "keep@example.com");
        await PostSurveyAsync(Client, property, Week47, 0, email: "Erase.Me@example.com");
        await PostSurveyAsync(Client, property, Week47, 1, email: "erase.me@example.com");
        await RefreshAsync(Client);
        var before = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(3, (long)Indicator(before, "nps")["n"]!);

        var refresher = Factory.Services.GetRequiredService<BarometerRefresher>();
        Assert.Equal(2, await refresher.ForgetGuestAsync("erase.me@example.com", null, CancellationToken.None));
        var after = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(1, (long)Indicator(after, "nps")["n"]!);
        Assert.Equal(100, (double)Indicator(after, "nps")["value"]!);

        // A backfill re-reads every fact (the survey rows are still there until the privacy erasure deletes them).
        await refresher.RefreshAsync(DateTimeOffset.UtcNow.AddDays(-1), null, CancellationToken.None);
        var backfilled = await GetAsync(Client, $"/api/barometers?period=month&date=2026-11-17&property={property}");
        Assert.Equal(1, (long)Indicator(backfilled, "nps")["n"]!);
    }

    private static string SurveyRowsPartitionTomorrow() => DateTimeOffset.UtcNow.AddDays(1).UtcDateTime.ToString("yyyyMMdd");

    /// <summary>Every fact of the property, newest version of each, aggregated from scratch by the pure core.</summary>
    private async Task<IReadOnlyDictionary<AggregateKey, BarometerAggregate>> FullRecomputationAsync(StorageServices storage, string property)
    {
        var latest = new Dictionary<string, FactChange>();
        await foreach (var change in new FactFeed(storage, Factory.Services.GetRequiredService<GuestKeyer>()).ReadSinceAsync(null, CancellationToken.None))
            if (change.Day?.Property == property && (!latest.TryGetValue(change.Key, out var seen) || seen.Version <= change.Version))
                latest[change.Key] = change;
        return latest.Values.GroupBy(c => c.Day!).ToDictionary(g => g.Key, g => BarometerAggregate.Sum(g.Select(c => c.Contribution)));
    }
}

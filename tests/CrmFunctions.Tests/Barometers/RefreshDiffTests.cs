using CrmFunctions.Barometers;
using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Tests.Barometers;

/// <summary>What a refresh adds and subtracts for each changed fact, given what the ledger says it counted.</summary>
public sealed class RefreshDiffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly AggregateKey Monday = new(new DateOnly(2026, 11, 16), "paris", "leisure", "email");
    private static readonly AggregateKey Tuesday = Monday with { Day = new DateOnly(2026, 11, 17) };
    private static BarometerAggregate Nps(int score) => BarometerAggregate.FromCounters([new("answers", 1), new($"nps|{score}", 1)]);

    private static FactChange Change(string key, DateTimeOffset version, AggregateKey day, int score) => new(key, version, null, day, Nps(score));

    [Fact]
    public void A_new_fact_is_added_to_its_day()
    {
        var (adds, subtracts, entries) = BarometerRefresher.Diff([Change("s|a", T0, Monday, 9)], new Dictionary<string, LedgerEntry>());

        Assert.Equal(Nps(9), adds[Monday]);
        Assert.Empty(subtracts);
        Assert.Single(entries);
    }

    [Fact]
    public void A_fact_counted_as_it_is_changes_nothing()
    {
        var counted = new Dictionary<string, LedgerEntry> { ["s|a"] = new("s|a", T0, Monday, Nps(9), null, false) };

        var (adds, subtracts, entries) = BarometerRefresher.Diff([Change("s|a", T0.AddHours(1), Monday, 9)], counted);

        Assert.Empty(adds);
        Assert.Empty(subtracts);
        Assert.Empty(entries);
    }

    [Fact]
    public void A_corrected_fact_replaces_its_old_contribution_even_on_another_day()
    {
        var counted = new Dictionary<string, LedgerEntry> { ["s|a"] = new("s|a", T0, Monday, Nps(9), null, false) };

        var (adds, subtracts, _) = BarometerRefresher.Diff([Change("s|a", T0.AddHours(1), Tuesday, 3)], counted);

        Assert.Equal(Nps(9), subtracts[Monday]);
        Assert.Equal(Nps(3), adds[Tuesday]);
    }

    [Fact]
    public void An_older_version_or_an_erased_fact_is_ignored()
    {
        var counted = new Dictionary<string, LedgerEntry>
        {
            ["s|a"] = new("s|a", T0, Monday, Nps(9), null, false),
            ["s|b"] = new("s|b", T0, null, BarometerAggregate.Empty, "guest", true),
        };

        var (adds, subtracts, entries) = BarometerRefresher.Diff(
            [Change("s|a", T0.AddHours(-1), Monday, 2), Change("s|b", T0.AddHours(1), Monday, 10)], counted);

        Assert.Empty(adds);
        Assert.Empty(subtracts);
        Assert.Empty(entries);
    }

    [Fact]
    public void Two_facts_of_one_day_and_slice_add_up()
    {
        var (adds, _, _) = BarometerRefresher.Diff([Change("s|a", T0, Monday, 10), Change("s|b", T0, Monday, 0)],
            new Dictionary<string, LedgerEntry>());

        Assert.Equal(Nps(10).Add(Nps(0)), adds[Monday]);
        Assert.Equal(0.0, Measures.Nps(adds[Monday]).Score!.Value, 6);
    }
}

using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Tests.Barometers;

/// <summary>Adding facts bit by bit, late, replaced or erased must give the figures of a full recomputation.</summary>
public class IncrementalAggregationTests
{
    private static readonly DateOnly Monday = new(2024, 3, 11);

    /// <summary>A varied fortnight of facts over two properties, reproducible from the seed.</summary>
    private static BarometerFacts Fortnight(int seed = 7)
    {
        var random = new Random(seed);
        string[] properties = ["P1", "P2"], segments = ["leisure", "business"], channels = ["direct", "ota"];
        T Pick<T>(T[] from) => from[random.Next(from.Length)];
        DateOnly AnyDay() => Monday.AddDays(random.Next(14));

        var answers = Enumerable.Range(0, 300).Select(i => Sample.Answer($"r{i}",
            nps: random.Next(12) == 0 ? null : random.Next(11), csat: random.Next(1, 6), ces: random.Next(1, 8),
            on: AnyDay(), property: Pick(properties), segment: Pick(segments), channel: Pick(channels),
            touchpoints: new Dictionary<string, int> { [Touchpoints.Room] = random.Next(1, 6), [Touchpoints.Breakfast] = random.Next(1, 6) },
            complaint: random.Next(10) == 0, reason: Pick(["noise", "billing", "wifi"]))).ToList();
        var interactions = Enumerable.Range(0, 200).Select(i =>
        {
            var abandoned = random.Next(8) == 0;
            var call = Sample.Call($"i{i}", answeredAfterSeconds: abandoned ? null : random.Next(60),
                abandonedAfterSeconds: abandoned ? random.Next(1, 90) : null, agent: Pick(["A1", "A2", "A3"]), on: AnyDay(),
                channel: Pick([ContactChannel.Phone, ContactChannel.Email, ContactChannel.Chat]));
            return call with { Property = Pick(properties), ResolvedAtFirstContact = random.Next(3) != 0,
                Type = random.Next(6) == 0 ? InteractionType.Complaint : InteractionType.Request, Reason = "billing" };
        }).ToList();
        return new BarometerFacts
        {
            Answers = answers,
            Interactions = interactions,
            Invitations = Enumerable.Range(0, 900).Select(_ => new SurveyInvitation(Pick(properties), Pick(segments), Pick(channels), AnyDay())).ToList(),
            Stays = Enumerable.Range(0, 700).Select(_ => new Stay(Pick(properties), Pick(segments), Pick(channels), AnyDay())).ToList(),
            Skills = Enumerable.Range(0, 40).Select(_ => new SkillAssessment(Pick(properties), "desk", Pick(["listening", "languages"]), random.Next(1, 6), AnyDay())).ToList(),
        };
    }

    private static IReadOnlyDictionary<AggregateKey, BarometerAggregate> InBatches(BarometerFacts all, int batches)
    {
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> store = new Dictionary<AggregateKey, BarometerAggregate>();
        for (var b = 0; b < batches; b++)
        {
            List<T> Slice<T>(IReadOnlyList<T> items) => items.Where((_, i) => i % batches == b).ToList();
            var batch = new BarometerFacts
            {
                Answers = Slice(all.Answers), Interactions = Slice(all.Interactions), Invitations = Slice(all.Invitations),
                Stays = Slice(all.Stays), Skills = Slice(all.Skills),
            };
            store = AggregateBuilder.Add(store, AggregateBuilder.Build(batch));
        }
        return store;
    }

    private static void AssertSameFigures(
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> expected, IReadOnlyDictionary<AggregateKey, BarometerAggregate> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (key, aggregate) in expected) Assert.Equal(aggregate, actual[key]);
        var week = Period.Containing(PeriodKind.IsoWeek, Monday);
        var full = Barometer.Compute(expected, week, BarometerFilter.All);
        var incremental = Barometer.Compute(actual, week, BarometerFilter.All);
        Assert.Equal(full.Lines.Select(l => (l.IndicatorId, l.Value, l.N)), incremental.Lines.Select(l => (l.IndicatorId, l.Value, l.N)));
    }

    [Fact]
    public void Facts_added_in_several_batches_give_the_same_aggregates_as_one_full_recomputation()
    {
        var all = Fortnight();

        AssertSameFigures(AggregateBuilder.Build(all), InBatches(all, batches: 3));
        Assert.NotEqual(0, Measures.Nps(BarometerAggregate.Sum(AggregateBuilder.Build(all).Values)).N);
    }

    [Fact]
    public void A_late_answer_updates_last_weeks_figures_exactly()
    {
        var all = Fortnight();
        var late = Sample.Answer("late", nps: 0, csat: 1, on: Monday, property: "P1", segment: "leisure", channel: "direct");
        var store = AggregateBuilder.Build(all);
        var lastWeek = Period.Containing(PeriodKind.IsoWeek, Monday);
        var before = Measures.Nps(Rollup.Select(store, lastWeek, BarometerFilter.All));

        store = AggregateBuilder.Add(store, [AggregateBuilder.Contribution(late)]);

        AssertSameFigures(AggregateBuilder.Build(all with { Answers = [.. all.Answers, late] }), store);
        var after = Measures.Nps(Rollup.Select(store, lastWeek, BarometerFilter.All));
        Assert.Equal(before.N + 1, after.N);
        Assert.Equal(before.Detractors + 1, after.Detractors);
    }

    [Fact]
    public void A_replaced_answer_is_counted_once_with_its_new_scores()
    {
        // The guest first answered NPS 2 on Monday, then corrected it to 9 (same response key) on Wednesday.
        var all = Fortnight();
        var first = Sample.Answer("guest-42", nps: 2, csat: 2, on: Monday);
        var corrected = first with { Nps = 9, Csat = 5, SubmittedOn = Monday.AddDays(2) };
        var store = AggregateBuilder.Add(AggregateBuilder.Build(all), [AggregateBuilder.Contribution(first)]);

        store = AggregateBuilder.Subtract(store, [AggregateBuilder.Contribution(first)]);
        store = AggregateBuilder.Add(store, [AggregateBuilder.Contribution(corrected)]);

        var expected = AggregateBuilder.Build(all with { Answers = [.. all.Answers, corrected] });
        AssertSameFigures(expected, store);
        // Within one batch the last version wins on its own.
        AssertSameFigures(expected, AggregateBuilder.Build(all with { Answers = [.. all.Answers, first, corrected] }));
    }

    [Fact]
    public void An_erased_guests_contributions_can_be_subtracted()
    {
        var all = Fortnight();
        var erased = all.Answers.Where(a => a.ResponseKey is "r3" or "r77" or "r150").ToList();

        var store = AggregateBuilder.Subtract(AggregateBuilder.Build(all), erased.Select(AggregateBuilder.Contribution));

        AssertSameFigures(AggregateBuilder.Build(all with { Answers = all.Answers.Except(erased).ToList() }), store);
    }

    [Fact]
    public void Subtracting_an_answer_that_was_never_added_fails_instead_of_corrupting_the_figures()
    {
        var store = Sample.Days(Sample.Answer("a", nps: 10));

        Assert.Throws<InvalidOperationException>(() =>
            AggregateBuilder.Subtract(store, [AggregateBuilder.Contribution(Sample.Answer("b", nps: 3))]));
    }

    [Fact]
    public void Removing_the_only_answer_of_a_day_leaves_no_empty_row_behind()
    {
        var answer = Sample.Answer("a", nps: 10);

        var store = AggregateBuilder.Subtract(Sample.Days(answer), [AggregateBuilder.Contribution(answer)]);

        Assert.Empty(store);
    }

    [Fact]
    public void Aggregates_survive_a_round_trip_through_their_flat_json()
    {
        var days = AggregateBuilder.Build(Fortnight());

        foreach (var aggregate in days.Values)
            Assert.Equal(aggregate, BarometerAggregate.FromJson(aggregate.ToJson()));
        Assert.Equal("""{"answers":2,"nps|10":1,"nps|6":1}""",
            Sample.Total([Sample.Answer("a", nps: 10), Sample.Answer("b", nps: 6)]).ToJson());
    }

    [Fact]
    public void A_busy_property_month_fits_in_one_table_storage_string_property()
    {
        // Table Storage strings hold at most 64 KiB (32 K UTF-16 characters). Two weeks of all the facts above,
        // rolled into one row for all properties, must stay well under that.
        var month = BarometerAggregate.Sum(AggregateBuilder.Build(Fortnight()).Values);

        Assert.True(month.ToJson().Length < 32 * 1024 / 4, $"{month.ToJson().Length} characters");
    }
}

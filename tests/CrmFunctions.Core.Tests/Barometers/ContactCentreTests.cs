using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Tests.Barometers;

public class ContactCentreTests
{
    // Phone calls: answered after 3, 10, 15, 15.2 and 40 s; abandoned after 2 s (short abandon), after 30 s,
    // and once without a hang-up time. A chat answered after 100 s is not a call.
    private static readonly BarometerAggregate Calls = Sample.Total(new BarometerFacts
    {
        Interactions =
        [
            Sample.Call("c1", answeredAfterSeconds: 3), Sample.Call("c2", answeredAfterSeconds: 10),
            Sample.Call("c3", answeredAfterSeconds: 15), Sample.Call("c4", answeredAfterSeconds: 15.2),
            Sample.Call("c5", answeredAfterSeconds: 40),
            Sample.Call("c6", abandonedAfterSeconds: 2), Sample.Call("c7", abandonedAfterSeconds: 30),
            Sample.Call("c8", abandonedWithoutTime: true),
            Sample.Call("chat", answeredAfterSeconds: 100, channel: ContactChannel.Chat),
        ],
    });

    [Fact]
    public void Service_level_counts_abandoned_calls_but_not_short_abandons()
    {
        // Within 15 s: 3, 10, 15 → 3 (15.2 s rounds up to 16 s). Answered 5; abandoned 3 of which 1 within 5 s.
        // Offered = 5 answered + 2 real abandons = 7 → service level = 3/7 = 42.857%.
        var calls = Measures.Calls(Calls);

        Assert.Equal(5, calls.Answered);
        Assert.Equal(3, calls.AnsweredWithinThreshold);
        Assert.Equal(2, calls.Abandoned);
        Assert.Equal(1, calls.ShortAbandons);
        Assert.Equal(7, calls.Offered);
        Assert.Equal(300.0 / 7, calls.ServiceLevelPercent!.Value, 9);
    }

    [Fact]
    public void Average_speed_of_answer_and_abandonment_rate()
    {
        // ASA = (3 + 10 + 15 + 15.2 + 40) / 5 = 83.2 / 5 = 16.64 s. Abandonment = 2 / (5 + 2) = 28.571%.
        var calls = Measures.Calls(Calls);

        Assert.Equal(16.64, calls.AverageSpeedOfAnswerSeconds!.Value, 9);
        Assert.Equal(200.0 / 7, calls.AbandonmentPercent!.Value, 9);
    }

    [Fact]
    public void How_abandoned_calls_count_is_configurable_without_rebuilding_the_aggregates()
    {
        // Answered-only denominator: 3/5 = 60%. Keeping short abandons: offered 8 → 3/8 = 37.5%.
        // A 20 s threshold: 3, 10, 15, 15.2 (16) → 4/7 = 57.142%.
        var answeredOnly = Measures.Calls(Calls, new ServiceLevelOptions { AbandonedInDenominator = false });
        var keepShort = Measures.Calls(Calls, new ServiceLevelOptions { ShortAbandonSeconds = 0 });
        var twentySeconds = Measures.Calls(Calls, new ServiceLevelOptions { ThresholdSeconds = 20 });

        Assert.Equal(60, answeredOnly.ServiceLevelPercent!.Value, 9);
        Assert.Equal(37.5, keepShort.ServiceLevelPercent!.Value, 9);
        Assert.Equal(400.0 / 7, twentySeconds.ServiceLevelPercent!.Value, 9);
        Assert.Equal("Calls answered within 20 s",
            IndicatorCatalogue.CreateDefault(new ServiceLevelOptions { ThresholdSeconds = 20 }).Get(IndicatorIds.ServiceLevel).Label);
    }

    [Fact]
    public void A_single_agent_day_gives_the_agents_handled_count()
    {
        // Agent A1 handles 12 contacts on one day over phone and e-mail; one abandoned call has no agent.
        // 12 handled ÷ 1 agent-day = 12.
        var interactions = Enumerable.Range(0, 12)
            .Select(i => Sample.Call($"h{i}", answeredAfterSeconds: 5, channel: i % 2 == 0 ? ContactChannel.Phone : ContactChannel.Email))
            .Append(Sample.Call("lost", abandonedAfterSeconds: 60))
            .ToList();

        var productivity = Measures.AgentProductivity(Sample.Total(new BarometerFacts { Interactions = interactions }));

        Assert.Equal(12, productivity.Handled);
        Assert.Equal(1, productivity.AgentDays);
        Assert.Equal(12.0, productivity.PerAgentDay);
    }

    [Fact]
    public void An_agent_working_two_channels_on_one_day_is_one_agent_day_once_channels_are_rolled_up()
    {
        // Day 1: A1 3 calls + 2 e-mails, A2 1 chat. Day 2: A1 4 calls.
        // Handled 10; agent-days = (A1, d1), (A2, d1), (A1, d2) = 3 → 10/3 = 3.333 per agent-day.
        var day2 = Sample.Day.AddDays(1);
        var interactions = new List<Interaction>();
        interactions.AddRange(Enumerable.Range(0, 3).Select(i => Sample.Call($"p{i}", 5, agent: "A1")));
        interactions.AddRange(Enumerable.Range(0, 2).Select(i => Sample.Call($"m{i}", 5, agent: "A1", channel: ContactChannel.Email)));
        interactions.Add(Sample.Call("chat", 5, agent: "A2", channel: ContactChannel.Chat));
        interactions.AddRange(Enumerable.Range(0, 4).Select(i => Sample.Call($"q{i}", 5, agent: "A1", on: day2)));
        var days = AggregateBuilder.Build(new BarometerFacts { Interactions = interactions });

        var week = Rollup.Select(days, Period.Containing(PeriodKind.IsoWeek, Sample.Day), BarometerFilter.All);
        var productivity = Measures.AgentProductivity(week);

        Assert.Equal(10, productivity.Handled);
        Assert.Equal(3, productivity.AgentDays);
        Assert.Equal(10.0 / 3, productivity.PerAgentDay!.Value, 9);
    }

    [Fact]
    public void First_contact_resolution_ignores_contacts_where_it_was_not_recorded()
    {
        // Recorded: yes, yes, yes, no → 3/4 = 75%; one contact without the flag is left out.
        bool?[] flags = [true, true, true, false, null];
        var interactions = flags.Select((f, i) => Sample.Call($"f{i}", 5) with { ResolvedAtFirstContact = f }).ToList();

        var fcr = Measures.FirstContactResolution(Sample.Total(new BarometerFacts { Interactions = interactions }));

        Assert.Equal(4, fcr.Known);
        Assert.Equal(75, fcr.Percent!.Value, 9);
    }

    [Fact]
    public void Skills_index_rescales_the_mean_rating_to_0_100_overall_and_per_skill()
    {
        // listening 4, 5 → mean 4.5 → (4.5 − 1)/4 × 100 = 87.5; languages 2, 3 → 2.5 → 37.5.
        // Overall mean (4 + 5 + 2 + 3)/4 = 3.5 → 62.5.
        SkillAssessment Rate(string skill, int rating) => new("P1", "front-desk", skill, rating, Sample.Day);
        var skills = Measures.Skills(Sample.Total(new BarometerFacts
        {
            Skills = [Rate("Listening", 4), Rate("listening", 5), Rate("languages", 2), Rate("languages", 3)],
        }));

        Assert.Equal(4, skills.N);
        Assert.Equal(62.5, skills.Index!.Value, 9);
        Assert.Equal(37.5, skills.PerSkill.Single(s => s.Skill == "languages").Index, 9);
        Assert.Equal(87.5, skills.PerSkill.Single(s => s.Skill == "listening").Index, 9);
    }
}

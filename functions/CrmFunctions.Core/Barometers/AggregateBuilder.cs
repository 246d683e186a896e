using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Barometers;

/// <summary>Turns facts into day aggregates keyed by (day, property, segment, channel).</summary>
public static class AggregateBuilder
{
    /// <summary>
    /// Survey answers are deduplicated on <see cref="SurveyAnswer.ResponseKey"/> and interactions on
    /// <see cref="Interaction.Id"/> within the batch, the last one winning (a re-sent answer replaces the
    /// first). Across batches, the caller subtracts the old contribution (<see cref="Contribution(SurveyAnswer)"/>)
    /// before adding the new one. Out-of-range scores throw: they should have been refused at intake.
    /// </summary>
    public static IReadOnlyDictionary<AggregateKey, BarometerAggregate> Build(BarometerFacts facts)
    {
        var counters = new Dictionary<AggregateKey, Dictionary<string, long>>();

        Dictionary<string, long> At(AggregateKey key)
        {
            if (!counters.TryGetValue(key, out var day)) counters[key] = day = new(StringComparer.Ordinal);
            return day;
        }

        foreach (var answer in LastByKey(facts.Answers, a => a.ResponseKey))
            AddAnswer(At(KeyOf(answer)), answer);
        foreach (var invitation in facts.Invitations)
            Increment(At(new AggregateKey(invitation.DeliveredOn, invitation.Property, invitation.Segment, invitation.Channel)), CounterKeys.Invitations);
        foreach (var stay in facts.Stays)
            Increment(At(new AggregateKey(stay.CheckOutOn, stay.Property, stay.Segment, stay.Channel)), CounterKeys.Stays);
        foreach (var interaction in LastByKey(facts.Interactions, i => i.Id))
            AddInteraction(At(KeyOf(interaction)), interaction);
        foreach (var assessment in facts.Skills)
            AddSkill(At(new AggregateKey(assessment.AssessedOn, assessment.Property, AggregateKey.NotApplicable, AggregateKey.NotApplicable)), assessment);

        return counters
            .Select(pair => KeyValuePair.Create(pair.Key, BarometerAggregate.FromCounters(pair.Value)))
            .Where(pair => !pair.Value.IsEmpty)
            .ToDictionary();
    }

    /// <summary>The contribution of one answer, to add it late or to subtract it when it is replaced or erased.</summary>
    public static KeyValuePair<AggregateKey, BarometerAggregate> Contribution(SurveyAnswer answer) =>
        Build(new BarometerFacts { Answers = [answer] }).Single();

    public static KeyValuePair<AggregateKey, BarometerAggregate> Contribution(Interaction interaction) =>
        Build(new BarometerFacts { Interactions = [interaction] }).Single();

    /// <summary>Adds day aggregates into a store of day aggregates, key by key (the store is not modified).</summary>
    public static IReadOnlyDictionary<AggregateKey, BarometerAggregate> Add(
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> store,
        IEnumerable<KeyValuePair<AggregateKey, BarometerAggregate>> changes) => Apply(store, changes, subtract: false);

    public static IReadOnlyDictionary<AggregateKey, BarometerAggregate> Subtract(
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> store,
        IEnumerable<KeyValuePair<AggregateKey, BarometerAggregate>> changes) => Apply(store, changes, subtract: true);

    public static AggregateKey KeyOf(SurveyAnswer answer) =>
        new(answer.SubmittedOn, answer.Property, answer.Segment, answer.Channel);

    public static AggregateKey KeyOf(Interaction interaction) =>
        new(interaction.Day, interaction.Property, interaction.Segment ?? AggregateKey.NotApplicable, ChannelName(interaction.Channel));

    /// <summary>Channel names as they appear in aggregate keys and filters.</summary>
    public static string ChannelName(ContactChannel channel) => channel switch
    {
        ContactChannel.Phone => "phone",
        ContactChannel.Email => "email",
        ContactChannel.Chat => "chat",
        ContactChannel.Desk => "desk",
        ContactChannel.Social => "social",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    /// <summary>Motives are grouped trimmed and lower-case; a complaint without one is "unspecified".</summary>
    public static string NormalizeMotive(string? motive) =>
        string.IsNullOrWhiteSpace(motive) ? "unspecified" : motive.Trim().ToLowerInvariant();

    private static IReadOnlyDictionary<AggregateKey, BarometerAggregate> Apply(
        IReadOnlyDictionary<AggregateKey, BarometerAggregate> store,
        IEnumerable<KeyValuePair<AggregateKey, BarometerAggregate>> changes, bool subtract)
    {
        var result = new Dictionary<AggregateKey, BarometerAggregate>(store);
        foreach (var (key, change) in changes)
        {
            var current = result.GetValueOrDefault(key) ?? BarometerAggregate.Empty;
            var next = subtract ? current.Subtract(change) : current.Add(change);
            if (next.IsEmpty) result.Remove(key); else result[key] = next;
        }
        return result;
    }

    private static IEnumerable<T> LastByKey<T>(IEnumerable<T> facts, Func<T, string> key)
    {
        var last = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var fact in facts) last[key(fact)] = fact;
        return last.Values;
    }

    private static void AddAnswer(Dictionary<string, long> c, SurveyAnswer answer)
    {
        Increment(c, CounterKeys.Answers);
        if (answer.Nps is { } nps) Increment(c, CounterKeys.Nps(InRange(nps, 0, 10, answer, "nps")));
        if (answer.Csat is { } csat) Increment(c, CounterKeys.Csat(InRange(csat, 1, 5, answer, "csat")));
        if (answer.Ces is { } ces) Increment(c, CounterKeys.Ces(InRange(ces, 1, 7, answer, "ces")));
        if (answer.Complaint) Increment(c, CounterKeys.Complaint(NormalizeMotive(answer.ComplaintReason)));

        foreach (var (rawName, rawScore) in answer.Touchpoints ?? new Dictionary<string, int>())
        {
            var name = Touchpoints.Normalize(rawName);
            long x = InRange(rawScore, Touchpoints.MinScore, Touchpoints.MaxScore, answer, "touchpoints." + name);
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.Count, name));
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.Sum, name), x);
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.SumOfSquares, name), x * x);
            if (answer.Nps is not { } y) continue;
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.PairCount, name));
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.PairSumScore, name), x);
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.PairSumNps, name), y);
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.PairSumScoreSquares, name), x * x);
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.PairSumNpsSquares, name), (long)y * y);
            Increment(c, CounterKeys.Touchpoint(TouchpointStat.PairSumCrossProducts, name), x * y);
        }
    }

    private static void AddInteraction(Dictionary<string, long> c, Interaction interaction)
    {
        if (interaction.Type == InteractionType.Complaint)
            Increment(c, CounterKeys.Complaint(NormalizeMotive(interaction.Reason)));

        if (interaction.ResolvedAtFirstContact is { } resolved)
        {
            Increment(c, CounterKeys.FcrKnown);
            if (resolved) Increment(c, CounterKeys.FcrYes);
        }

        // Only phone calls feed the service level: chat and e-mail have their own response-time norms.
        if (interaction.Channel == ContactChannel.Phone)
        {
            if (interaction.Abandoned)
            {
                // Without a hang-up time we cannot tell a short abandon from a real one: count it as real.
                var bucket = interaction.ClosedAt is { } hungUp
                    ? CounterKeys.WaitBucket(hungUp - interaction.ReceivedAt)
                    : CounterKeys.OverflowWaitBucket;
                Increment(c, CounterKeys.Abandoned(bucket));
            }
            else if (interaction.AnsweredAt is { } answeredAt)
            {
                var wait = answeredAt - interaction.ReceivedAt;
                Increment(c, CounterKeys.Answered(CounterKeys.WaitBucket(wait)));
                Increment(c, CounterKeys.AnsweredWaitMilliseconds, Math.Max(0L, (long)Math.Round(wait.TotalMilliseconds)));
            }
        }

        // A request is "handled" when an agent took it; the agent-day is kept by (day, agent) so the same
        // agent working phone and e-mail on one day is one agent-day once channels are rolled up.
        if (!interaction.Abandoned && !string.IsNullOrWhiteSpace(interaction.AgentId))
        {
            Increment(c, CounterKeys.Handled);
            Increment(c, CounterKeys.AgentDay(interaction.Day, interaction.AgentId.Trim()));
        }
    }

    private static void AddSkill(Dictionary<string, long> c, SkillAssessment assessment)
    {
        if (assessment.Rating is < 1 or > 5)
            throw new ArgumentException($"Skill rating {assessment.Rating} for '{assessment.Skill}' is outside 1–5.");
        Increment(c, CounterKeys.Skill(assessment.Rating, assessment.Skill.Trim().ToLowerInvariant()));
    }

    private static int InRange(int value, int min, int max, SurveyAnswer answer, string field) =>
        value >= min && value <= max
            ? value
            : throw new ArgumentException($"Survey answer '{answer.ResponseKey}': {field} = {value} is outside {min}–{max}.");

    private static void Increment(Dictionary<string, long> counters, string name, long by = 1) =>
        counters[name] = counters.GetValueOrDefault(name) + by;
}

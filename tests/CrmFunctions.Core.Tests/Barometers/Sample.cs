using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Tests.Barometers;

/// <summary>Short builders for facts, so each test shows only the values that matter to it.</summary>
internal static class Sample
{
    public static readonly DateOnly Day = new(2024, 3, 12);

    public static SurveyAnswer Answer(string key, int? nps = null, int? csat = null, int? ces = null,
        DateOnly? on = null, string property = "P1", string segment = "leisure", string channel = "direct",
        IReadOnlyDictionary<string, int>? touchpoints = null, bool complaint = false, string? reason = null) => new()
    {
        ResponseKey = key, Property = property, Segment = segment, Channel = channel,
        SubmittedOn = on ?? Day, Nps = nps, Csat = csat, Ces = ces, Touchpoints = touchpoints,
        Complaint = complaint, ComplaintReason = reason,
    };

    /// <summary>Answers with these NPS scores, keys "{prefix}-0", "{prefix}-1"...</summary>
    public static IEnumerable<SurveyAnswer> NpsAnswers(string prefix, params int[] scores) =>
        scores.Select((score, i) => Answer($"{prefix}-{i}", nps: score));

    public static IEnumerable<SurveyAnswer> NpsAnswers(string prefix, DateOnly on, string property, params int[] scores) =>
        scores.Select((score, i) => Answer($"{prefix}-{i}", nps: score, on: on, property: property));

    public static DateTimeOffset At(DateOnly day, int hour, int minute = 0) =>
        new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(1));

    public static Interaction Call(string id, double? answeredAfterSeconds = null, double? abandonedAfterSeconds = null,
        string? agent = "A1", DateOnly? on = null, ContactChannel channel = ContactChannel.Phone, bool abandonedWithoutTime = false)
    {
        var received = At(on ?? Day, 10);
        var abandoned = abandonedAfterSeconds is not null || abandonedWithoutTime;
        return new Interaction
        {
            Id = id, Channel = channel, Property = "P1", ReceivedAt = received,
            AgentId = abandoned ? null : agent,
            AnsweredAt = answeredAfterSeconds is { } a ? received.AddSeconds(a) : null,
            Abandoned = abandoned,
            ClosedAt = abandonedAfterSeconds is { } h ? received.AddSeconds(h) : null,
        };
    }

    public static IReadOnlyDictionary<AggregateKey, BarometerAggregate> Days(params SurveyAnswer[] answers) =>
        AggregateBuilder.Build(new BarometerFacts { Answers = answers });

    public static BarometerAggregate Total(BarometerFacts facts) =>
        BarometerAggregate.Sum(AggregateBuilder.Build(facts).Values);

    public static BarometerAggregate Total(IEnumerable<SurveyAnswer> answers) =>
        Total(new BarometerFacts { Answers = answers.ToList() });

}

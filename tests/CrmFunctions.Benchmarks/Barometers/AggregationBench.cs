using BenchmarkDotNet.Attributes;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Benchmarks.Barometers;

/// <summary>
/// The pure aggregation speed: survey answers (NPS, CSAT, CES, three touchpoints, some complaints) turned into day
/// aggregates per property / segment / channel. Answers per second = Answers ÷ mean time.
/// </summary>
[MemoryDiagnoser]
public class AggregationBench
{
    private BarometerFacts _facts = new();

    [Params(10_000, 100_000)]
    public int Answers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        string[] properties = ["paris-opera", "lyon-bellecour", "nice-promenade", "bordeaux-quais", "lille-grand-place"];
        string[] segments = ["leisure", "business", "group", "unknown"];
        _facts = new BarometerFacts
        {
            Answers = Enumerable.Range(0, Answers).Select(i =>
            {
                var nps = random.Next(0, 11);
                return new SurveyAnswer
                {
                    ResponseKey = "sv-" + i,
                    Property = properties[random.Next(properties.Length)],
                    Segment = segments[random.Next(segments.Length)],
                    Channel = random.Next(2) == 0 ? "email" : "sms",
                    SubmittedOn = new DateOnly(2026, 11, 1).AddDays(random.Next(30)),
                    Nps = nps,
                    Csat = Math.Clamp(1 + nps / 2, 1, 5),
                    Ces = random.Next(1, 8),
                    Touchpoints = new Dictionary<string, int>
                    {
                        ["check-in"] = random.Next(1, 6), ["room"] = random.Next(1, 6), ["breakfast"] = random.Next(1, 6),
                    },
                    Complaint = nps <= 2,
                    ComplaintReason = nps <= 2 ? "noise" : null,
                };
            }).ToList(),
        };
    }

    [Benchmark]
    public int Build() => AggregateBuilder.Build(_facts).Count;
}

namespace CrmFunctions.SampleData;

/// <summary>
/// A property of the sample group, with how its guests tend to rate it and how fast its contact centre answers, so the
/// dashboard has contrasts to show. <paramref name="Drift"/> moves quality over the sample's span (negative: getting
/// worse lately), so week and month trends point somewhere.
/// </summary>
public sealed record Property(string Id, string City, string Country, int Rooms, double Quality, double NoiseRisk,
    double Drift, double AnswerSeconds, double AbandonRate)
{
    /// <summary>Quality on a day, <paramref name="recentness"/> from 0 (start of the sample span) to 1 (today).</summary>
    public double QualityAt(double recentness) => Math.Clamp(Quality + Drift * (2 * recentness - 1), 0, 1);

    /// <summary>Mean seconds to answer a call: a worsening property answers slower lately.</summary>
    public double AnswerSecondsAt(double recentness) => AnswerSeconds * (1 - 2 * Drift * (2 * recentness - 1));

    /// <summary>Short code for internal agent ids ("par", "nic").</summary>
    public string Code => Id[..3];
}

public static class HotelGroup
{
    public static IReadOnlyList<Property> Properties { get; } =
    [
        new("paris-opera", "Paris", "FR", 120, Quality: 0.84, NoiseRisk: 0.30, Drift: 0.02, AnswerSeconds: 8, AbandonRate: 0.05),
        new("nice-promenade", "Nice", "FR", 90, Quality: 0.78, NoiseRisk: 0.20, Drift: 0.07, AnswerSeconds: 11, AbandonRate: 0.07),
        new("lyon-bellecour", "Lyon", "FR", 70, Quality: 0.72, NoiseRisk: 0.10, Drift: -0.09, AnswerSeconds: 13, AbandonRate: 0.10),
        new("geneve-lac", "Genève", "CH", 60, Quality: 0.90, NoiseRisk: 0.05, Drift: 0.0, AnswerSeconds: 6, AbandonRate: 0.03),
    ];

    public static IReadOnlyList<string> Segments { get; } = ["leisure", "business", "group", "family"];

    public static IReadOnlyList<string> Sources { get; } = ["pms", "booking-engine", "web-form"];

    /// <summary>Complaint motives, shared by survey answers and contact-centre complaints so the top motives add up.</summary>
    public static IReadOnlyList<string> ComplaintReasons { get; } = ["noise", "cleanliness", "check-in wait", "wifi", "breakfast", "price"];
}

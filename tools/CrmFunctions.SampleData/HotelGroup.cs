namespace CrmFunctions.SampleData;

/// <summary>A property of the sample group, with how its guests tend to rate it, so the dashboard has contrasts to show.</summary>
public sealed record Property(string Id, string City, string Country, int Rooms, double Quality, double NoiseRisk);

public static class HotelGroup
{
    public static IReadOnlyList<Property> Properties { get; } =
    [
        new("paris-opera", "Paris", "FR", 120, Quality: 0.82, NoiseRisk: 0.30),
        new("nice-promenade", "Nice", "FR", 90, Quality: 0.74, NoiseRisk: 0.20),
        new("lyon-bellecour", "Lyon", "FR", 70, Quality: 0.62, NoiseRisk: 0.10),
        new("geneve-lac", "Genève", "CH", 60, Quality: 0.88, NoiseRisk: 0.05),
    ];

    public static IReadOnlyList<string> Segments { get; } = ["leisure", "business", "group", "family"];

    public static IReadOnlyList<string> Sources { get; } = ["pms", "booking-engine", "web-form"];
}

using Bogus;

namespace CrmFunctions.SampleData;

/// <summary>Staff skills self-assessments, taken every four weeks by each property's contact-centre and front-desk staff.</summary>
public sealed class StaffFactory(int seed)
{
    private static readonly string[] Skills = ["listening", "problem-solving", "product-knowledge", "languages", "complaint-handling"];

    private readonly Randomizer _random = new(seed);

    public IEnumerable<(DateOnly Day, object Assessment)> Assessments(Property property, int days, DateOnly today)
    {
        var staff = Enumerable.Range(1, 5).Select(n => (Id: $"cc-{property.Code}-{n}", Team: "contact-centre"))
            .Concat(Enumerable.Range(1, 4).Select(n => (Id: $"fd-{property.Code}-{n}", Team: "front-desk")));
        foreach (var (id, team) in staff)
        {
            var confidence = _random.Double() - 0.5;
            for (var daysAgo = days - 4; daysAgo >= 1; daysAgo -= 28)
            {
                var recentness = 1 - (double)daysAgo / days;
                var day = today.AddDays(-daysAgo);
                foreach (var skill in Skills)
                {
                    var rating = Math.Clamp((int)Math.Round(1.5 + property.QualityAt(recentness) * 3 + confidence + (_random.Double() - 0.5)), 1, 5);
                    yield return (day, new
                    {
                        assessmentId = $"sa-{day:yyyyMMdd}-{id}-{skill}",
                        propertyId = property.Id,
                        team,
                        staffId = id,
                        skill,
                        rating,
                        assessedAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero).ToString("O"),
                    });
                }
            }
        }
    }
}

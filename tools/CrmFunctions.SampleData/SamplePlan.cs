using Bogus;

namespace CrmFunctions.SampleData;

/// <summary>Everything to send, built up front from a seed so the same command gives the same data.</summary>
public sealed class SamplePlan
{
    public List<ContactRecord> Contacts { get; } = [];

    public List<object> Surveys { get; } = [];

    public int Duplicates { get; private set; }

    public static SamplePlan Build(int guestCount, int days, int seed, DateTimeOffset now)
    {
        var plan = new SamplePlan();
        var random = new Randomizer(seed);
        var guests = new GuestFactory(seed);
        var surveys = new SurveyFactory(seed + 1);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var number = 1; number <= guestCount; number++)
        {
            var guest = guests.NewGuest(number);
            var stays = random.Number(1, random.Bool(0.2f) ? 4 : 1);
            for (var s = 0; s < stays; s++)
            {
                var property = random.ArrayElement(HotelGroup.Properties.ToArray());
                var arrival = today.AddDays(-random.Number(1, days));
                var nights = random.Number(1, 6);
                var stay = new Stay(property, $"R{number:D6}{s}", arrival, nights,
                    Math.Round(nights * random.Decimal(110, 420), 2), now.AddDays(-random.Number(days, days + 60)));
                var duplicate = s > 0 || random.Bool(0.1f);
                plan.Duplicates += duplicate ? 1 : 0;
                plan.Contacts.Add(guests.Record(guest, stay, duplicate));
                if (random.Bool(0.45f) && surveys.Answer(guest, stay, now) is { } answer)
                    plan.Surveys.Add(answer);
            }
        }
        return plan;
    }

    public async Task SendAsync(ApiClient client, Action<int, int, string> progress, CancellationToken cancellationToken)
    {
        var batches = Contacts.GroupBy(c => c.Source).SelectMany(g => g.Chunk(200).Select(chunk => (g.Key, chunk))).ToList();
        var sent = 0;
        foreach (var (source, chunk) in batches)
        {
            await client.PostAsync($"/api/contacts?source={source}", new { contacts = chunk.Select(c => c.Body) }, cancellationToken);
            progress(sent += chunk.Length, Contacts.Count, "contacts");
        }
        var answered = 0;
        await Parallel.ForEachAsync(Surveys, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (survey, ct) =>
            {
                await client.PostSignedAsync("/api/surveys", "surveys", survey, ct);
                progress(Interlocked.Increment(ref answered), Surveys.Count, "surveys");
            });
    }
}

using Bogus;

namespace CrmFunctions.SampleData;

/// <summary>Everything to send, built up front from a seed so the same command on the same day gives the same data.</summary>
public sealed class SamplePlan
{
    // The most one intake request takes.
    private const int Batch = 500;

    public List<ContactRecord> Contacts { get; } = [];

    public List<object> Surveys { get; } = [];

    public List<object> Interactions { get; } = [];

    public List<object> CampaignEvents { get; } = [];

    public List<object> StaffAssessments { get; } = [];

    public int Duplicates { get; private set; }

    public static SamplePlan Build(int guestCount, int days, int seed, DateTimeOffset now)
    {
        var plan = new SamplePlan();
        var random = new Randomizer(seed);
        var guests = new GuestFactory(seed);
        var surveys = new SurveyFactory(seed + 1);
        var campaigns = new CampaignFactory(seed + 2);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        double Recentness(DateOnly day) => Math.Clamp(1 - (today.DayNumber - day.DayNumber) / (double)days, 0, 1);
        var invitations = new List<(DateTimeOffset Time, object Event)>();
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
                var answer = random.Bool(0.45f) ? surveys.Answer(guest, stay, now, Recentness(stay.Departure)) : null;
                if (answer is not null)
                    plan.Surveys.Add(answer);
                invitations.AddRange(campaigns.Invitation(guest, stay, answer is not null, Recentness(stay.Departure), now)
                    .Select(e => (Time: DateTimeOffset.Parse((string)((Dictionary<string, object?>)e)["time"]!, System.Globalization.CultureInfo.InvariantCulture), Event: e)));
            }
        }
        // In time order, so an SMS reply arrives after the invitation it answers, as a platform would send them.
        plan.CampaignEvents.AddRange(invitations.OrderBy(e => e.Time).Select(e => e.Event));

        var contactCentre = new InteractionFactory(seed + 3);
        for (var day = today.AddDays(-days); day <= today; day = day.AddDays(1))
            foreach (var property in HotelGroup.Properties)
                plan.Interactions.AddRange(contactCentre.Day(property, day, Recentness(day), now));

        var staff = new StaffFactory(seed + 4);
        foreach (var property in HotelGroup.Properties)
            plan.StaffAssessments.AddRange(staff.Assessments(property, days, today));
        return plan;
    }

    /// <summary>Contacts and every signed feed in batches (surveys one by one: that endpoint takes one answer per call).</summary>
    public async Task SendAsync(ApiClient client, Action<int, int, string> progress, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var batches = Contacts.GroupBy(c => c.Source).SelectMany(g => g.Chunk(Batch).Select(chunk => (g.Key, chunk))).ToList();
        var sent = 0;
        foreach (var (source, chunk) in batches)
        {
            await client.PostAsync($"/api/contacts?source={source}", new { contacts = chunk.Select(c => c.Body) }, cancellationToken);
            progress(sent += chunk.Length, Contacts.Count, "contacts");
        }
        Done("contacts", Contacts.Count, watch);
        await SendBatchesAsync(client, "/api/interactions", "interactions", "interactions", Interactions, progress, cancellationToken);
        await SendBatchesAsync(client, "/api/campaign-events", "campaign-events", "events", CampaignEvents, progress, cancellationToken);
        await SendBatchesAsync(client, "/api/staff-assessments", "staff", "assessments", StaffAssessments, progress, cancellationToken);
        watch.Restart();
        var answered = 0;
        // One answer per call, as survey tools post them: many calls at once is what keeps this part short.
        await Parallel.ForEachAsync(Surveys, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (survey, ct) =>
            {
                await client.PostSignedAsync("/api/surveys", "surveys", survey, ct);
                progress(Interlocked.Increment(ref answered), Surveys.Count, "surveys");
            });
        Done("surveys", Surveys.Count, watch);
    }

    private static void Done(string what, int count, System.Diagnostics.Stopwatch watch) =>
        Console.WriteLine($"\r  {what}: {count} sent in {watch.Elapsed.TotalSeconds:F1} s   ");

    private static async Task SendBatchesAsync(ApiClient client, string path, string source, string member, List<object> items,
        Action<int, int, string> progress, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        // One after the other: campaign events rely on their order (a reply finds the invitation delivered before it).
        foreach (var chunk in items.Chunk(Batch))
        {
            await client.PostSignedAsync(path, source, new Dictionary<string, object> { [member] = chunk }, cancellationToken);
            progress(sent += chunk.Length, items.Count, member);
        }
        Done(member, items.Count, watch);
    }
}

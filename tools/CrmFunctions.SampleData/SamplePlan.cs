using Bogus;

namespace CrmFunctions.SampleData;

/// <summary>What one wave sends: every feed, for the stays and days it covers.</summary>
public sealed class SampleWave(string name)
{
    public string Name { get; } = name;

    public List<ContactRecord> Contacts { get; } = [];

    public List<object> Surveys { get; } = [];

    public List<object> Interactions { get; } = [];

    public List<object> CampaignEvents { get; } = [];

    public List<object> StaffAssessments { get; } = [];
}

/// <summary>
/// Everything to send, built up front from a seed so the same command on the same day gives the same data. Sent in
/// two waves: the last four weeks first (stays that ended then, with their contacts, answers and campaign events, and
/// those days' interactions and assessments), so the dashboard has its current weeks to show early, then the weeks
/// before.
/// </summary>
public sealed class SamplePlan
{
    public const int RecentDays = 28;

    // The most one intake request takes.
    private const int Batch = 500;

    public SampleWave Recent { get; } = new($"last {RecentDays} days");

    public SampleWave Earlier { get; } = new("weeks before");

    public IReadOnlyList<SampleWave> Waves => [Recent, Earlier];

    public IReadOnlyList<ContactRecord> Contacts => [.. Waves.SelectMany(w => w.Contacts)];

    public IReadOnlyList<object> Surveys => [.. Waves.SelectMany(w => w.Surveys)];

    public IReadOnlyList<object> Interactions => [.. Waves.SelectMany(w => w.Interactions)];

    public IReadOnlyList<object> CampaignEvents => [.. Waves.SelectMany(w => w.CampaignEvents)];

    public IReadOnlyList<object> StaffAssessments => [.. Waves.SelectMany(w => w.StaffAssessments)];

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
        SampleWave Wave(DateOnly day) => day > today.AddDays(-RecentDays) ? plan.Recent : plan.Earlier;
        var invitations = new List<(DateTimeOffset Time, SampleWave Wave, object Event)>();
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
                var wave = Wave(stay.Departure);
                wave.Contacts.Add(guests.Record(guest, stay, duplicate));
                var answer = random.Bool(0.45f) ? surveys.Answer(guest, stay, now, Recentness(stay.Departure)) : null;
                if (answer is not null)
                    wave.Surveys.Add(answer);
                invitations.AddRange(campaigns.Invitation(guest, stay, answer is not null, Recentness(stay.Departure), now)
                    .Select(e => (Time: DateTimeOffset.Parse((string)((Dictionary<string, object?>)e)["time"]!, System.Globalization.CultureInfo.InvariantCulture),
                        Wave: wave, Event: e)));
            }
        }
        // In time order, so an SMS reply arrives after the invitation it answers, as a platform would send them; a
        // stay's events all go in its wave.
        foreach (var (_, wave, e) in invitations.OrderBy(e => e.Time))
            wave.CampaignEvents.Add(e);

        var contactCentre = new InteractionFactory(seed + 3);
        for (var day = today.AddDays(-days); day <= today; day = day.AddDays(1))
            foreach (var property in HotelGroup.Properties)
                Wave(day).Interactions.AddRange(contactCentre.Day(property, day, Recentness(day), now));

        var staff = new StaffFactory(seed + 4);
        foreach (var property in HotelGroup.Properties)
            foreach (var (day, assessment) in staff.Assessments(property, days, today))
                Wave(day).StaffAssessments.Add(assessment);
        return plan;
    }

    /// <summary>
    /// Each wave in turn, <paramref name="betweenWaves"/> after the first: contacts and every signed feed in batches
    /// (surveys one by one: that endpoint takes one answer per call).
    /// </summary>
    public async Task SendAsync(ApiClient client, Action<int, int, string> progress, Func<CancellationToken, Task>? betweenWaves,
        CancellationToken cancellationToken)
    {
        foreach (var wave in Waves)
        {
            Console.WriteLine($"  {wave.Name}:");
            await SendWaveAsync(wave, client, progress, cancellationToken);
            if (wave == Recent && betweenWaves is not null)
                await betweenWaves(cancellationToken);
        }
    }

    private static async Task SendWaveAsync(SampleWave wave, ApiClient client, Action<int, int, string> progress, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var batches = wave.Contacts.GroupBy(c => c.Source).SelectMany(g => g.Chunk(Batch).Select(chunk => (g.Key, chunk))).ToList();
        var sent = 0;
        foreach (var (source, chunk) in batches)
        {
            await client.PostAsync($"/api/contacts?source={source}", new { contacts = chunk.Select(c => c.Body) }, cancellationToken);
            progress(sent += chunk.Length, wave.Contacts.Count, "contacts");
        }
        Done("contacts", wave.Contacts.Count, watch);
        await SendBatchesAsync(client, "/api/interactions", "interactions", "interactions", wave.Interactions, progress, cancellationToken);
        await SendBatchesAsync(client, "/api/campaign-events", "campaign-events", "events", wave.CampaignEvents, progress, cancellationToken);
        await SendBatchesAsync(client, "/api/staff-assessments", "staff", "assessments", wave.StaffAssessments, progress, cancellationToken);
        watch.Restart();
        var answered = 0;
        // One answer per call, as survey tools post them: many calls at once is what keeps this part short.
        await Parallel.ForEachAsync(wave.Surveys, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (survey, ct) =>
            {
                await client.PostSignedAsync("/api/surveys", "surveys", survey, ct);
                progress(Interlocked.Increment(ref answered), wave.Surveys.Count, "surveys");
            });
        Done("surveys", wave.Surveys.Count, watch);
    }

    private static void Done(string what, int count, System.Diagnostics.Stopwatch watch) =>
        Console.WriteLine($"\r    {what}: {count} sent in {watch.Elapsed.TotalSeconds:F1} s   ");

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

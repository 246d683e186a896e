using BenchmarkDotNet.Attributes;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Benchmarks.Enrichment;

/// <summary>
/// The pure enrichment core: survey comments read per second, and guests enriched per second (golden record,
/// stays, answers, comment reading, segment, triggers). Each operation is one comment or one guest.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class EnrichmentBenchmarks
{
    private const int Count = 1000;
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly CommentAnalyzer analyzer = new();
    private readonly ContactEnricher enricher = new();
    private string[] comments = [];
    private EnrichmentInput[] guests = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        comments = Enumerable.Range(0, Count).Select(_ => SampleComments.Compose(random)).ToArray();
        var normalizer = new ContactNormalizer(new NormalizationOptions { DefaultCountry = "FR", Today = DateOnly.FromDateTime(Now.UtcDateTime) });
        var survivorship = new Survivorship();
        guests = Enumerable.Range(0, Count).Select(i =>
        {
            var contact = normalizer.Normalize(new ContactInput
            {
                GivenName = "Élodie",
                FamilyName = "Martin",
                Emails = [$"guest{i}@gmail.com"],
                Phones = [$"06 12 34 {i / 100 % 100:00} {i % 100:00}"],
                Country = "FR",
                Language = i % 3 == 0 ? "en" : "fr",
                Consents = [new ConsentInput { Channel = "email", Granted = true, At = Now.AddDays(-random.Next(1, 400)) }],
            }, new ContactOrigin("pms", "g" + i, Now.AddDays(-500)));
            var stays = Enumerable.Range(0, random.Next(0, 6)).Select(s => new StayInput
            {
                PropertyId = "paris-opera",
                ReservationId = $"R{i}-{s}",
                Arrival = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-random.Next(3, 900)),
                RoomNights = random.Next(1, 6),
                Revenue = random.Next(90, 1500),
                Currency = "EUR",
            }).Select(s => s with { Departure = s.Arrival!.Value.AddDays(s.RoomNights!.Value) }).ToList();
            var surveys = Enumerable.Range(0, random.Next(0, 4)).Select(a => new SurveyFeedback
            {
                ResponseId = $"s{i}-{a}",
                Nps = random.Next(0, 11),
                Comment = comments[(i + a) % Count],
                SubmittedAt = Now.AddHours(-random.Next(1, 2000)),
                Complaint = random.Next(10) == 0,
                ComplaintReason = "bruit",
            }).ToList();
            return new EnrichmentInput { Contact = survivorship.Create("ct-" + i, contact), Stays = stays, Surveys = surveys };
        }).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "comment analysis (per comment)")]
    public int AnalyzeComments()
    {
        var topics = 0;
        foreach (var comment in comments) topics += analyzer.Analyze(comment).Topics.Count;
        return topics;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "enrichment (per guest)")]
    public int EnrichGuests()
    {
        var triggers = 0;
        foreach (var guest in guests) triggers += enricher.Enrich(guest, Now).Triggers.Count;
        return triggers;
    }
}

/// <summary>Post-stay comments as guests write them, French and English, built from real-looking fragments.</summary>
public static class SampleComments
{
    private static readonly string[] Fragments =
    [
        "Chambre très propre et personnel adorable", "Le petit déjeuner n'était pas à la hauteur", "Beaucoup de bruit la nuit",
        "Accueil chaleureux à la réception", "Le wifi ne fonctionnait pas dans la chambre", "Literie confortable, nous avons bien dormi",
        "Trop cher pour ce que c'est", "Idéalement situé, proche de tout", "45 minutes d'attente au check-in",
        "La salle de bain n'était pas propre", "Parking payant et difficile", "Rien à redire, séjour parfait",
        "The staff were friendly and helpful", "The room wasn't clean", "Breakfast was excellent", "Very noisy street",
        "Great location, walking distance to the old town", "We waited an hour at check in", "The bed was uncomfortable",
        "Good value for money", "The air conditioning did not work", "Lovely hotel but the bathroom was dated",
        "Nous reviendrons avec plaisir", "Merci pour tout", "I would not recommend this hotel", "Pas de bruit, très calme",
    ];

    public static string Compose(Random random) =>
        string.Join(random.Next(3) == 0 ? " mais " : ". ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Fragments[random.Next(Fragments.Length)])) + ".";
}

using Bogus;

namespace CrmFunctions.SampleData;

/// <summary>Post-stay answers whose scores follow each property's quality, with comments in French or English.</summary>
public sealed class SurveyFactory(int seed)
{
    private static readonly Dictionary<string, (string Fr, string En)> Praise = new()
    {
        ["staff"] = ("Le personnel était adorable et très attentionné.", "The staff were lovely and very attentive."),
        ["breakfast"] = ("Petit-déjeuner excellent, produits frais.", "Excellent breakfast with fresh produce."),
        ["room"] = ("Chambre spacieuse et lit très confortable.", "Spacious room and a very comfortable bed."),
        ["location"] = ("Emplacement idéal, tout est à pied.", "Perfect location, everything within walking distance."),
        ["check-in"] = ("Accueil rapide et chaleureux à l'arrivée.", "Quick and warm welcome at check-in."),
        ["quiet"] = ("Chambre très calme, nous avons bien dormi.", "Very quiet room, we slept well."),
    };

    /// <summary>What passives write: a good word, then a "but".</summary>
    private static readonly (string Fr, string En)[] Mixed =
    [
        ("Bon séjour dans l'ensemble, mais le wifi était lent.", "A good stay overall, but the Wi-Fi was slow."),
        ("Personnel sympathique, mais la chambre était un peu petite.", "Friendly staff, but the room was a bit small."),
        ("Bien situé, par contre le petit-déjeuner manquait de choix.", "Well located, though breakfast lacked choice."),
        ("Correct, sans plus. Le check-out a pris du temps.", "Fine, nothing special. Check-out took a while."),
    ];

    private static readonly Dictionary<string, (string Fr, string En)> Irritants = new()
    {
        ["noise"] = ("Chambre très bruyante, impossible de dormir.", "The room was very noisy, we could not sleep."),
        ["cleanliness"] = ("La salle de bain n'était pas propre.", "The bathroom was not clean."),
        ["check-in wait"] = ("Attente interminable à l'accueil pour le check-in.", "We waited far too long to check in."),
        ["wifi"] = ("Le wifi ne fonctionnait pas dans la chambre.", "The Wi-Fi did not work in the room."),
        ["breakfast"] = ("Petit-déjeuner décevant pour le prix.", "Disappointing breakfast for the price."),
        ["price"] = ("Trop cher pour ce que c'est.", "Overpriced for what you get."),
    };

    private readonly Randomizer _random = new(seed);

    public object? Answer(Guest guest, Stay stay, DateTimeOffset now, double recentness)
    {
        var submitted = new DateTimeOffset(stay.Departure.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            .AddHours(_random.Number(10, 72)).AddMinutes(_random.Number(59));
        if (submitted > now)
            return null;
        var property = stay.Property;
        var noisy = _random.Bool((float)property.NoiseRisk);
        var quality = Math.Clamp(property.QualityAt(recentness) + (_random.Double() - 0.5) * 0.5 - (noisy ? 0.25 : 0), 0, 1);
        // Most hotel guests who answer are satisfied: a good stay is a 9 or 10, a poor one a 5 or 6.
        var nps = Math.Clamp((int)Math.Round(1.5 + quality * 9), 0, 10);
        // Each touchpoint follows the stay's quality more or less closely (noise), so they drive NPS unequally.
        int Rate(double bias, double noise = 0.3) => Math.Clamp((int)Math.Round(1 + (quality + bias + (_random.Double() - 0.5) * noise) * 4), 1, 5);
        var complaint = nps <= 4 && _random.Bool(0.3f) || noisy && _random.Bool(0.05f);
        var reason = complaint ? (noisy ? "noise" : _random.ArrayElement(HotelGroup.ComplaintReasons.ToArray())) : null;
        var french = guest.Language == "fr";
        var comment = reason is not null
            ? Pick(Irritants[reason], french)
            : nps >= 9 ? Pick(_random.ArrayElement(Praise.Values.ToArray()), french)
            : nps >= 6 && _random.Bool(0.5f) ? Pick(_random.ArrayElement(Mixed), french) : null;
        return new Dictionary<string, object?>
        {
            ["surveyId"] = "post-stay-2026",
            ["responseId"] = "resp-" + stay.ReservationId,
            ["propertyId"] = property.Id,
            ["arrival"] = stay.Arrival.ToString("yyyy-MM-dd"),
            ["departure"] = stay.Departure.ToString("yyyy-MM-dd"),
            ["channel"] = _random.ArrayElement(new[] { "email", "email", "email", "sms", "qr", "web" }),
            ["segment"] = guest.Segment,
            ["language"] = guest.Language,
            ["respondent"] = new { email = guest.Email, externalIds = new Dictionary<string, string> { ["pms"] = guest.PmsId } },
            ["nps"] = nps,
            ["csat"] = Rate(0),
            ["ces"] = Math.Clamp((int)Math.Round(1 + quality * 6 + (_random.Double() - 0.5)), 1, 7),
            ["touchpoints"] = new Dictionary<string, int>
            {
                ["checkIn"] = Rate(reason == "check-in wait" ? -0.4 : 0.05, 0.6),
                ["room"] = Rate(noisy ? -0.35 : 0, 0.3),
                ["cleanliness"] = Rate(reason == "cleanliness" ? -0.5 : 0, 0.5),
                ["breakfast"] = Rate(reason == "breakfast" ? -0.4 : 0.02, 1.0),
                ["staff"] = Rate(0.1, 0.7),
                ["checkOut"] = Rate(0.1, 1.4),
            },
            ["comment"] = comment,
            ["complaint"] = complaint,
            ["complaintReason"] = reason,
            ["submittedAt"] = submitted.ToString("O"),
        };
    }

    private static string Pick((string Fr, string En) text, bool french) => french ? text.Fr : text.En;
}

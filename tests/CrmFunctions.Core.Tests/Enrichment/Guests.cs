using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Enrichment;

/// <summary>Golden records built the way the pipeline builds them: normalized, then through survivorship.</summary>
internal static class Guests
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero); // 11:00 in Paris
    private static readonly ContactNormalizer Normalizer = new(new NormalizationOptions { DefaultCountry = "FR", Today = DateOnly.FromDateTime(Now.UtcDateTime) });
    private static readonly Survivorship Survivorship = new();

    public static GoldenRecord Golden(params ContactInput[] records)
    {
        GoldenRecord? golden = null;
        for (var i = 0; i < records.Length; i++)
        {
            var contact = Normalizer.Normalize(records[i], new ContactOrigin(i == 0 ? "pms" : "booking-engine", "rec-" + i, Now.AddDays(-100 + i)));
            golden = golden is null ? Survivorship.Create("ct-guest", contact) : Survivorship.Merge(golden, contact);
        }
        return golden!;
    }

    public static ContactInput Elodie(params ConsentInput[] consents) => new()
    {
        GivenName = "Élodie",
        FamilyName = "de la Tour",
        Emails = ["elodie.delatour@gmail.com"],
        Phones = ["06 12 34 56 78"],
        Country = "FR",
        Language = "fr-FR",
        BirthDate = new DateOnly(1985, 3, 14),
        Address = new PostalAddress { Street = "12 rue de Rivoli", PostalCode = "75004", City = "Paris" },
        Consents = consents,
    };

    public static ConsentInput Consent(string channel, bool granted, int daysAgo) =>
        new() { Channel = channel, Granted = granted, At = Now.AddDays(-daysAgo), Source = "booking-engine" };

    public static StayInput Stay(int departedDaysAgo, int nights = 2, decimal? revenue = 300m, string? currency = "EUR", string property = "paris-opera", string? reservation = null)
    {
        var departure = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-departedDaysAgo);
        return new StayInput
        {
            PropertyId = property,
            ReservationId = reservation,
            Arrival = departure.AddDays(-nights),
            Departure = departure,
            RoomNights = nights,
            Revenue = revenue,
            Currency = currency,
        };
    }

    public static SurveyFeedback Answer(int? nps, string? comment = null, double hoursAgo = 2, string id = "s-1", string? language = null, bool complaint = false, string? reason = null) => new()
    {
        ResponseId = id,
        PropertyId = "paris-opera",
        Nps = nps,
        Comment = comment,
        Language = language,
        SubmittedAt = Now.AddHours(-hoursAgo),
        Complaint = complaint,
        ComplaintReason = reason,
    };
}

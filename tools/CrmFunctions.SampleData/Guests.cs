using Bogus;

namespace CrmFunctions.SampleData;

/// <summary>One real person behind one or more contact records.</summary>
public sealed record Guest(int Number, string Locale, string GivenName, string FamilyName, string Email, string Phone, string Country,
    DateOnly? BirthDate, string PmsId, string Segment, string Language);

/// <summary>A contact record as a hotel system would send it, possibly a messy duplicate of another.</summary>
public sealed record ContactRecord(Guest Guest, string Source, object Body);

/// <summary>
/// Generates guests and their contact records, with about one record in ten a duplicate carrying the
/// corruptions real hotel data has: case, lost accents, phone formats, e-mail aliases, swapped names, typos.
/// </summary>
public sealed class GuestFactory(int seed)
{
    private static readonly (string Locale, string Country, string Language, string PhonePrefix)[] Markets =
    [
        ("fr", "FR", "fr", "+33 6"), ("fr", "FR", "fr", "+33 7"), ("en_GB", "GB", "en", "+44 7"), ("de", "DE", "de", "+49 151"),
        ("it", "IT", "it", "+39 333"), ("es", "ES", "es", "+34 612"), ("nl", "NL", "nl", "+31 6"), ("en_US", "US", "en", "+1 415"),
    ];

    private readonly Randomizer _random = new(seed);

    public Guest NewGuest(int number)
    {
        var market = Markets[_random.Number(Markets.Length - 1)];
        var faker = new Faker(market.Locale) { Random = _random };
        var given = faker.Name.FirstName();
        var family = faker.Name.LastName();
        var email = $"{Ascii(given).ToLowerInvariant()}.{Ascii(family).ToLowerInvariant()}{(number % 7 == 0 ? number.ToString() : "")}@{faker.PickRandom("gmail.com", "orange.fr", "outlook.com", "yahoo.com", "example.org", "web.de")}"
            .Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
        var phone = $"{market.PhonePrefix} {_random.Number(10, 99)} {_random.Number(10, 99)} {_random.Number(10, 99)} {_random.Number(10, 99)}";
        DateOnly? birth = _random.Bool(0.6f) ? DateOnly.FromDateTime(faker.Date.Past(60, DateTime.UtcNow.AddYears(-20))) : null;
        return new Guest(number, market.Locale, given, family, email, phone, market.Country, birth, $"G-{100000 + number}",
            faker.PickRandom(HotelGroup.Segments.ToArray()), market.Language);
    }

    public ContactRecord Record(Guest guest, Stay stay, bool duplicate)
    {
        var source = duplicate ? _random.ArrayElement(HotelGroup.Sources.ToArray()) : "pms";
        var given = guest.GivenName;
        var family = guest.FamilyName;
        var email = guest.Email;
        var phone = guest.Phone;
        if (duplicate)
        {
            switch (_random.Number(5))
            {
                case 0: family = family.ToUpperInvariant(); break;
                case 1: (given, family) = (Ascii(given), Ascii(family)); break;
                case 2: phone = "0" + string.Concat(phone.Split(' ').Skip(1)); break;
                case 3: email = email.Replace("@gmail.com", "+hotel@gmail.com", StringComparison.Ordinal).ToUpperInvariant(); break;
                case 4: (given, family) = (family.ToUpperInvariant(), given); break;
                default: family = family.Length > 4 ? family[..^2] + family[^1] + family[^2] : family; break;
            }
        }
        var body = new Dictionary<string, object?>
        {
            ["givenName"] = given,
            ["familyName"] = family,
            ["emails"] = _random.Bool(duplicate ? 0.7f : 0.95f) ? new[] { email } : null,
            ["phones"] = _random.Bool(0.8f) ? new[] { phone } : null,
            ["country"] = guest.Country,
            ["language"] = guest.Language,
            ["birthDate"] = guest.BirthDate?.ToString("yyyy-MM-dd"),
            ["externalIds"] = source == "pms" ? new Dictionary<string, string> { ["pms"] = guest.PmsId } : null,
            ["consents"] = new[]
            {
                new { channel = "email", granted = _random.Bool(0.7f), at = stay.Booked.ToString("O"), source },
                new { channel = "sms", granted = _random.Bool(0.4f), at = stay.Booked.ToString("O"), source },
            },
            ["stay"] = new
            {
                propertyId = stay.Property.Id,
                reservationId = stay.ReservationId,
                arrival = stay.Arrival.ToString("yyyy-MM-dd"),
                departure = stay.Departure.ToString("yyyy-MM-dd"),
                roomNights = stay.Nights,
                revenue = stay.Revenue,
                currency = stay.Property.Country == "CH" ? "CHF" : "EUR",
            },
        };
        return new ContactRecord(guest, source, body.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>What a system that cannot store accents does to a name.</summary>
    public static string Ascii(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        return new string(decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c)
            != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray()).Normalize(System.Text.NormalizationForm.FormC);
    }
}

public sealed record Stay(Property Property, string ReservationId, DateOnly Arrival, int Nights, decimal Revenue, DateTimeOffset Booked)
{
    public DateOnly Departure => Arrival.AddDays(Nights);
}

using System.Globalization;
using System.Text;
using Bogus;
using CrmFunctions.Core.Contacts;

namespace CrmFunctions.Benchmarks.Matching;

/// <summary>A generated source record and the guest it truly belongs to.</summary>
public sealed record GeneratedContact(string RecordId, string EntityId, ContactInput Contact);

/// <summary>
/// A hotel group's guest base: guests from the countries it serves with their local names, addresses and
/// mobile numbers, and a share of duplicate records typed again by another system or another person —
/// accents lost, case changed, typos, names swapped, e-mail aliases, other phone formats, fields left out.
/// Deterministic for a seed.
/// </summary>
public sealed class HotelContactGenerator(int seed = 20261123)
{
    private sealed record Market(string Locale, string Country, string CallingCode, string Trunk, Func<Randomizer, string> Nsn, string[] Domains, int Weight);

    private static string Digits(Randomizer r, int n)
    {
        var sb = new StringBuilder(n);
        for (var i = 0; i < n; i++) sb.Append((char)('0' + r.Number(0, 9)));
        return sb.ToString();
    }

    private static readonly Market[] Markets =
    [
        new("fr", "FR", "33", "0", r => r.ArrayElement(["6", "7"]) + Digits(r, 8), ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "yahoo.fr", "laposte.net", "sfr.fr", "wanadoo.fr"], 40),
        new("en_GB", "GB", "44", "0", r => "7" + r.ArrayElement(["4", "5", "7", "8", "9"]) + Digits(r, 8), ["gmail.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com", "outlook.com"], 14),
        new("de", "DE", "49", "0", r => "15" + r.Number(1, 9) + Digits(r, 8), ["gmail.com", "gmx.de", "web.de", "t-online.de"], 12),
        new("it", "IT", "39", "", r => "3" + r.Number(20, 49) + Digits(r, 7), ["gmail.com", "libero.it", "virgilio.it", "alice.it"], 9),
        new("es", "ES", "34", "", r => "6" + Digits(r, 8), ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"], 9),
        new("nl", "NL", "31", "0", r => "6" + r.Number(1, 5) + Digits(r, 7), ["gmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"], 6),
        new("fr_CH", "CH", "41", "0", r => "7" + r.Number(5, 9) + Digits(r, 7), ["gmail.com", "bluewin.ch", "gmx.ch"], 5),
        new("nl_BE", "BE", "32", "0", r => "4" + r.Number(5, 9) + Digits(r, 7), ["gmail.com", "skynet.be", "telenet.be"], 5),
    ];

    public IReadOnlyList<GeneratedContact> Generate(int records, double duplicateShare = 0.1)
    {
        var random = new Randomizer(seed);
        var fakers = Markets.Select((m, i) => (m.Locale, Faker: new Faker(m.Locale) { Random = new Randomizer(seed + 7919 * (i + 1)) })).ToDictionary(x => x.Locale, x => x.Faker);
        var totalWeight = Markets.Sum(m => m.Weight);
        var duplicates = (int)Math.Round(records * duplicateShare);
        var originals = records - duplicates;
        var usedEmails = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<GeneratedContact>(records);
        var entities = new List<(Market Market, ContactInput Contact)>(originals);

        for (var i = 0; i < originals; i++)
        {
            var pick = random.Number(0, totalWeight - 1);
            var market = Markets.First(m => (pick -= m.Weight) < 0);
            var faker = fakers[market.Locale];
            var given = faker.Name.FirstName();
            var family = faker.Name.LastName();
            // Another guest of the same home: a partner or a child (another given name), or a namesake (a father
            // and son, the same full name) — same address, their own e-mail, mobile and birth date.
            var housemate = i > 0 && random.Bool(0.1f) ? entities[random.Number(0, i - 1)] : default;
            if (housemate.Contact is { } home)
            {
                market = housemate.Market;
                family = home.FamilyName!;
                if (random.Bool(0.25f)) given = home.GivenName!;
            }
            var email = UniqueEmail(random, usedEmails, given, family, market);
            // A number its plan refuses (a digit left out at the front desk), typed the same way again later.
            var nsn = random.Bool(0.03f) ? market.Nsn(random)[..^1] : market.Nsn(random);
            var contact = new ContactInput
            {
                GivenName = given,
                FamilyName = family,
                Emails = random.Bool(0.9f) ? [email] : null,
                Phones = random.Bool(0.75f) ? [FormatPhone(random, market, nsn)] : null,
                Country = random.Bool(0.85f) ? market.Country : null,
                BirthDate = random.Bool(0.55f) ? DateOnly.FromDateTime(faker.Date.Between(new DateTime(1940, 1, 1), new DateTime(2006, 12, 31))) : null,
                Address = random.Bool(0.6f)
                    ? new PostalAddress { Street = faker.Address.StreetAddress(), PostalCode = faker.Address.ZipCode(), City = faker.Address.City(), Country = market.Country }
                    : null,
                ExternalIds = random.Bool(0.3f) ? new Dictionary<string, string> { ["pms"] = "G-" + (100000 + i).ToString(CultureInfo.InvariantCulture) } : null,
            };
            if (housemate.Contact?.Address is { } shared) contact = contact with { Address = shared };
            entities.Add((market, contact));
            result.Add(new GeneratedContact("r" + i.ToString(CultureInfo.InvariantCulture), "e" + i.ToString(CultureInfo.InvariantCulture), contact));
        }

        for (var d = 0; d < duplicates; d++)
        {
            var entity = random.Number(0, originals - 1);
            var (market, original) = entities[entity];
            result.Add(new GeneratedContact("d" + d.ToString(CultureInfo.InvariantCulture), "e" + entity.ToString(CultureInfo.InvariantCulture), Corrupt(random, market, original)));
        }

        // Duplicates arrive mixed with everything else, as they do from several systems.
        for (var i = result.Count - 1; i > 0; i--)
        {
            var j = random.Number(0, i);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    private static string UniqueEmail(Randomizer random, HashSet<string> used, string given, string family, Market market)
    {
        var local = Ascii(given, compact: true).ToLowerInvariant() + random.ArrayElement([".", "", "_", "."]) + Ascii(family, compact: true).ToLowerInvariant();
        var domain = random.ArrayElement(market.Domains);
        var email = local + "@" + domain;
        // Unique as the matcher sees addresses: gmail ignores dots, so "jean.dupont" and "jeandupont" are one mailbox.
        static string Mailbox(string address) => address.EndsWith("@gmail.com", StringComparison.Ordinal) ? address.Replace(".", "", StringComparison.Ordinal) : address;
        while (!used.Add(Mailbox(email))) email = local + random.Number(1, 9999).ToString(CultureInfo.InvariantCulture) + "@" + domain;
        return email;
    }

    private static string FormatPhone(Randomizer random, Market market, string nsn) => random.Number(0, 5) switch
    {
        0 => "+" + market.CallingCode + nsn,
        1 => "+" + market.CallingCode + " " + Spaced(nsn),
        2 => "00" + market.CallingCode + " " + Spaced(nsn),
        3 when market.Trunk.Length > 0 => "+" + market.CallingCode + " (0)" + Spaced(nsn),
        4 => market.Trunk + Spaced(nsn).Replace(' ', '.'),
        _ => market.Trunk + nsn,
    };

    private static string Spaced(string digits)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 2 == 0) sb.Append(' ');
            sb.Append(digits[i]);
        }
        return sb.ToString();
    }

    private static ContactInput Corrupt(Randomizer random, Market market, ContactInput original)
    {
        var given = original.GivenName;
        var family = original.FamilyName;
        if (random.Bool(0.3f)) family = family?.ToUpperInvariant();
        if (random.Bool(0.1f)) given = given?.ToLowerInvariant();
        if (random.Bool(0.3f))
        {
            given = Ascii(given);
            family = Ascii(family);
        }
        if (random.Bool(0.2f)) family = Typo(random, family);
        if (random.Bool(0.12f)) given = Typo(random, given);
        if (random.Bool(0.08f)) (given, family) = (family, given);
        if (random.Bool(0.15f) && given is not null && Nicknames.TryGetValue(Ascii(given), out var nickname)) given = nickname;

        var emails = original.Emails;
        if (emails is [var email])
        {
            var roll = random.Number(0, 99);
            emails = roll switch
            {
                < 20 => [Alias(random, email)],
                < 30 => [email.ToUpperInvariant()],
                < 50 => null,
                _ => emails,
            };
        }
        else if (random.Bool(0.2f) && given is not null && family is not null)
        {
            emails = [Ascii(given, compact: true).ToLowerInvariant() + "." + Ascii(family, compact: true).ToLowerInvariant() + random.Number(10, 99).ToString(CultureInfo.InvariantCulture) + "@" + random.ArrayElement(market.Domains)];
        }

        var phones = original.Phones;
        if (phones is [var phone])
        {
            var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
            var nsn = digits.StartsWith("00" + market.CallingCode, StringComparison.Ordinal) ? digits[(2 + market.CallingCode.Length)..]
                : digits.StartsWith(market.CallingCode, StringComparison.Ordinal) && phone.StartsWith('+') ? digits[market.CallingCode.Length..]
                : market.Trunk.Length > 0 && digits.StartsWith(market.Trunk, StringComparison.Ordinal) ? digits[market.Trunk.Length..]
                : digits;
            if (nsn.StartsWith('0') && market.Trunk.Length > 0) nsn = nsn[1..];
            phones = random.Bool(0.2f) ? null : [FormatPhone(random, market, nsn)];
        }

        return original with
        {
            GivenName = given,
            FamilyName = family,
            Emails = emails,
            Phones = phones,
            Country = random.Bool(0.3f) ? null : original.Country,
            BirthDate = random.Bool(0.25f) ? null : original.BirthDate,
            Address = original.Address is { } address && random.Bool(0.7f)
                ? address with { City = random.Bool(0.3f) ? address.City?.ToUpperInvariant() : address.City }
                : null,
            ExternalIds = random.Bool(0.5f) ? original.ExternalIds : null,
        };
    }

    // The short forms guests give at a desk or in a form.
    private static readonly Dictionary<string, string> Nicknames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["William"] = "Bill", ["Robert"] = "Bob", ["Thomas"] = "Tom", ["James"] = "Jim", ["Michael"] = "Mike", ["Elizabeth"] = "Liz",
        ["Alexander"] = "Alex", ["Alexandre"] = "Alex", ["Sebastien"] = "Seb", ["Nicolas"] = "Nico", ["Christophe"] = "Chris",
        ["Emmanuel"] = "Manu", ["Frederic"] = "Fred", ["Philippe"] = "Phil", ["Catherine"] = "Cathy", ["Isabelle"] = "Isa",
        ["Johannes"] = "Hans", ["Matthias"] = "Matze", ["Andreas"] = "Andi", ["Franziska"] = "Franzi", ["Wolfgang"] = "Wolf",
        ["Giuseppe"] = "Peppe", ["Giovanni"] = "Gianni", ["Francesco"] = "Franco", ["Alessandro"] = "Sandro", ["Vincenzo"] = "Enzo",
        ["Francisco"] = "Paco", ["Jose"] = "Pepe", ["Ignacio"] = "Nacho", ["Manuel"] = "Manolo", ["Dolores"] = "Lola",
        ["Willem"] = "Wim", ["Hendrik"] = "Henk", ["Cornelis"] = "Kees", ["Pieter"] = "Piet", ["Jacobus"] = "Jaap",
    };

    private static string Alias(Randomizer random, string email)
    {
        var at = email.IndexOf('@');
        var (local, domain) = (email[..at], email[(at + 1)..]);
        if (domain == "gmail.com" && random.Bool()) return local.Replace(".", "", StringComparison.Ordinal) + "@" + random.ArrayElement(["gmail.com", "googlemail.com"]);
        return local + "+" + random.ArrayElement(["hotel", "resa", "booking", "travel"]) + "@" + domain;
    }

    private static string? Typo(Randomizer random, string? value)
    {
        if (value is null || value.Length < 4) return value;
        var chars = value.ToCharArray();
        var i = random.Number(1, chars.Length - 2);
        switch (random.Number(0, 2))
        {
            case 0:
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                return new string(chars);
            case 1:
                return value.Remove(i, 1);
            default:
                chars[i] = (char)('a' + random.Number(0, 25));
                return new string(chars);
        }
    }

    private static string Ascii(string? value, bool compact = false)
    {
        if (string.IsNullOrEmpty(value)) return value ?? string.Empty;
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(ch);
        var ascii = sb.ToString().Replace("ß", "ss", StringComparison.Ordinal);
        return compact ? ascii.Replace("'", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal) : ascii;
    }
}

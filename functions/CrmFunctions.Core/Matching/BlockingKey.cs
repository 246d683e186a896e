using System.Globalization;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Matching;

/// <summary>
/// A value two records of one guest are likely to share. <see cref="Kind"/> names the rule so an
/// explanation says why a candidate was looked at; <see cref="ToString"/> is the index key.
/// </summary>
public readonly record struct BlockingKey(string Kind, string Value)
{
    public override string ToString() => Kind + ":" + Value;
}

/// <summary>
/// The blocking rules. Each key is looked up by equality, so the cost of finding candidates depends on
/// the number of keys per contact, not on the size of the base.
/// </summary>
public static class BlockingKeys
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string ExternalId = "ext";
    /// <summary>Phonetic code of either name + birth date: survives typos, swapped names and a missing family name.</summary>
    public const string NameBirthDate = "name-dob";
    /// <summary>Family name + postcode + first initial: guests without a birth date.</summary>
    public const string FamilyPostcodeInitial = "family-pc-initial";
    /// <summary>Birth date + postcode: both names mistyped.</summary>
    public const string BirthDatePostcode = "dob-pc";
    /// <summary>Phonetic given and family names + street key prefix: guests without a birth date whose postcode changed or was mistyped.</summary>
    public const string NamesStreet = "names-street";

    public static IReadOnlyList<BlockingKey> For(MatchProfile profile)
    {
        var keys = new List<BlockingKey>(8);
        foreach (var email in profile.Emails) keys.Add(new(Email, email));
        foreach (var phone in profile.Phones) keys.Add(new(Phone, phone));
        foreach (var (source, id) in profile.ExternalIds) keys.Add(new(ExternalId, source + ":" + Text.FoldCompact(id)));

        var given = Text.FoldCompact(profile.GivenName);
        var family = Text.FoldCompact(profile.FamilyName);
        var dob = profile.BirthDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (dob is not null)
        {
            foreach (var name in new[] { given, family }.Where(n => n.Length > 0).Select(StringSimilarity.Soundex).Distinct())
                keys.Add(new(NameBirthDate, name + ":" + dob));
            if (profile.Postcode.Length > 0) keys.Add(new(BirthDatePostcode, dob + ":" + profile.Postcode));
        }
        if (family.Length > 0 && profile.Postcode.Length > 0)
            keys.Add(new(FamilyPostcodeInitial, family + ":" + profile.Postcode + ":" + (given.Length > 0 ? given[..1] : "")));
        if (given.Length > 0 && family.Length > 0 && profile.Street.Length > 0)
        {
            var street = Text.FoldCompact(profile.Street);
            keys.Add(new(NamesStreet, StringSimilarity.Soundex(given) + StringSimilarity.Soundex(family) + ":" + street[..Math.Min(6, street.Length)]));
        }
        // Few keys per contact: removing repeats in place is cheaper than a set, and keeps the first of each.
        for (var i = keys.Count - 1; i > 0; i--)
            if (keys.IndexOf(keys[i]) < i) keys.RemoveAt(i);
        return keys;
    }
}

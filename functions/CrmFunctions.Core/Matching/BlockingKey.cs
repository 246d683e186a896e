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
    /// <summary>Birth date + postcode: both names mistyped.</summary>
    public const string BirthDatePostcode = "dob-pc";
    /// <summary>Phonetic codes of both names in either order: swapped names, a move, a mistyped postcode.</summary>
    public const string Names = "names";
    /// <summary>Phonetic code of either name + postcode: a typo or a new family name in the other name.</summary>
    public const string NamePostcode = "name-pc";
    /// <summary>Postcode + start of the street: one address, whatever the names say (swaps with typos, initials).</summary>
    public const string Address = "pc-street";

    public static IReadOnlyList<BlockingKey> For(MatchProfile profile)
    {
        var keys = new List<BlockingKey>(10);
        foreach (var email in profile.Emails) keys.Add(new(Email, email));
        foreach (var phone in profile.Phones) keys.Add(new(Phone, phone));
        foreach (var (source, id) in profile.ExternalIds) keys.Add(new(ExternalId, source + ":" + Text.FoldCompact(id)));

        var given = StringSimilarity.Soundex(Text.FoldCompact(profile.GivenName));
        var family = StringSimilarity.Soundex(Text.FoldCompact(profile.FamilyName));
        var dob = profile.BirthDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var postcode = profile.Postcode;
        foreach (var name in (string[])[given, family])
        {
            if (name.Length == 0) continue;
            if (dob is not null) keys.Add(new(NameBirthDate, name + ":" + dob));
            if (postcode.Length > 0) keys.Add(new(NamePostcode, name + ":" + postcode));
        }
        if (dob is not null && postcode.Length > 0) keys.Add(new(BirthDatePostcode, dob + ":" + postcode));
        if (given.Length > 0 && family.Length > 0)
            keys.Add(new(Names, string.CompareOrdinal(given, family) <= 0 ? given + family : family + given));
        if (postcode.Length > 0 && profile.Street.Length > 0)
        {
            var street = Text.FoldCompact(profile.Street);
            keys.Add(new(Address, postcode + ":" + street[..Math.Min(8, street.Length)]));
        }
        // Few keys per contact: removing repeats in place is cheaper than a set, and keeps the first of each.
        for (var i = keys.Count - 1; i > 0; i--)
            if (keys.IndexOf(keys[i]) < i) keys.RemoveAt(i);
        return keys;
    }
}

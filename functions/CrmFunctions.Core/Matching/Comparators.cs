using System.Globalization;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Matching;

/// <summary>Names of comparison levels, shared by comparators and the m/u tables.</summary>
public static class Levels
{
    public const string Exact = "exact";
    public const string Nickname = "nickname";
    public const string Close = "close";
    public const string Similar = "similar";
    public const string Weak = "weak";
    public const string OneEdit = "one-edit";
    public const string DayMonthSwapped = "day-month-swapped";
    public const string OnePartDiffers = "one-part-differs";
    public const string Initial = "initial";
    /// <summary>Address: most of it agrees, one part (street, postcode or town) does not.</summary>
    public const string MostlySame = "mostly-same";
    /// <summary>Address: the same postcode or town, the street unknown on one side.</summary>
    public const string SameLocality = "same-locality";
    /// <summary>Address: the same postcode and town, another street (a neighbour, a move within the town).</summary>
    public const string OtherStreet = "other-street";
    public const string Different = "different";
}

/// <summary>Compares one field of two records and says how well they agree, as a named level.</summary>
public interface IFieldComparator
{
    string Field { get; }

    /// <summary>Levels from strongest agreement to <see cref="Levels.Different"/>.</summary>
    IReadOnlyList<string> Levels { get; }

    /// <returns>The level, or null when either side has no value (the field then weighs nothing).</returns>
    string? Compare(MatchProfile a, MatchProfile b);

    /// <summary>The value whose frequency adjusts an exact agreement (a shared rare name says more), or null.</summary>
    string? TermOf(MatchProfile profile) => null;
}

internal static class NameSimilarity
{
    public static string Level(string a, string b, bool allowWeak)
    {
        var jw = StringSimilarity.JaroWinkler(a, b);
        var edits = StringSimilarity.EditDistance(a, b);
        if (jw >= 0.94 || edits == 1 && Math.Min(a.Length, b.Length) >= 4) return Levels.Close;
        if (jw >= 0.88 || edits <= 2 && Math.Min(a.Length, b.Length) >= 6) return Levels.Similar;
        if (allowWeak && jw >= 0.7) return Levels.Weak;
        return Levels.Different;
    }
}

/// <summary>
/// Which name of one record faces which name of the other. Names are read as a pair, not field by field:
/// when the given name of one record looks like the family name of the other and the other way round
/// ("Jean Martin" / "Martin Jean", "Martin Jaen" / "Jean Martin"), the names are compared crossed, so a
/// swap costs nothing more and earns nothing more than the names themselves agreeing.
/// </summary>
public readonly record struct NameAlignment(string GivenA, string GivenB, string FamilyA, string FamilyB, bool Crossed)
{
    // Crossing must explain the names clearly better than the order they came in.
    private const double Margin = 0.15;
    private const double MinimumCrossedSimilarity = 0.8;

    /// <summary>The names' match keys (folded, words kept), facing each other.</summary>
    public static NameAlignment Of(MatchProfile a, MatchProfile b)
    {
        var straight = new NameAlignment(a.GivenName, b.GivenName, a.FamilyName, b.FamilyName, false);
        string ag = Text.FoldCompact(a.GivenName), af = Text.FoldCompact(a.FamilyName);
        string bg = Text.FoldCompact(b.GivenName), bf = Text.FoldCompact(b.FamilyName);
        if (ag.Length == 0 || af.Length == 0 || bg.Length == 0 || bf.Length == 0 || ag == bg && af == bf) return straight;
        double givenToFamily = StringSimilarity.JaroWinkler(ag, bf), familyToGiven = StringSimilarity.JaroWinkler(af, bg);
        if (givenToFamily < MinimumCrossedSimilarity || familyToGiven < MinimumCrossedSimilarity) return straight;
        var inOrder = StringSimilarity.JaroWinkler(ag, bg) + StringSimilarity.JaroWinkler(af, bf);
        return givenToFamily + familyToGiven > inOrder + Margin ? new NameAlignment(a.GivenName, b.FamilyName, a.FamilyName, b.GivenName, true) : straight;
    }
}

/// <summary>Given names, aligned with <see cref="NameAlignment"/>: exact, nickname ("Bill"/"William") or first of several ("Marie"/"Marie-Christine"), initial, then Jaro–Winkler bands.</summary>
public sealed class GivenNameComparator(NicknameLexicon? nicknames = null) : IFieldComparator
{
    private readonly NicknameLexicon nicknames = nicknames ?? NicknameLexicon.Default;
    public string Field => "given_name";
    public IReadOnlyList<string> Levels { get; } =
        [Matching.Levels.Exact, Matching.Levels.Nickname, Matching.Levels.Close, Matching.Levels.Similar, Matching.Levels.Initial, Matching.Levels.Weak, Matching.Levels.Different];

    public string? Compare(MatchProfile a, MatchProfile b)
    {
        var names = NameAlignment.Of(a, b);
        var x = Text.FoldCompact(names.GivenA);
        var y = Text.FoldCompact(names.GivenB);
        if (x.Length == 0 || y.Length == 0) return null;
        if (x == y) return Matching.Levels.Exact;
        if (nicknames.AreNicknames(x, y) || FirstOfSeveral(x, names.GivenB) || FirstOfSeveral(y, names.GivenA)) return Matching.Levels.Nickname;
        // An initial agrees with any name it begins ("J" / "Jean") but says little.
        if (x.Length == 1 || y.Length == 1) return x[0] == y[0] ? Matching.Levels.Initial : Matching.Levels.Different;
        return NameSimilarity.Level(x, y, allowWeak: true);
    }

    private static bool FirstOfSeveral(string one, string several)
    {
        var end = several.AsSpan().IndexOfAny(' ', '-');
        return one.Length > 1 && end == one.Length && several.StartsWith(one, StringComparison.Ordinal);
    }

    public string? TermOf(MatchProfile profile) => Text.FoldCompact(profile.GivenName) is { Length: > 0 } v ? v : null;
}

/// <summary>Family names, aligned with <see cref="NameAlignment"/>: exact, one contained in the other (married names), Jaro–Winkler bands.</summary>
public sealed class FamilyNameComparator : IFieldComparator
{
    public string Field => "family_name";
    public IReadOnlyList<string> Levels { get; } =
        [Matching.Levels.Exact, Matching.Levels.Close, Matching.Levels.Similar, Matching.Levels.Weak, Matching.Levels.Different];

    public string? Compare(MatchProfile a, MatchProfile b)
    {
        var names = NameAlignment.Of(a, b);
        var x = Text.FoldCompact(names.FamilyA);
        var y = Text.FoldCompact(names.FamilyB);
        if (x.Length == 0 || y.Length == 0) return null;
        if (x == y) return Matching.Levels.Exact;
        var level = NameSimilarity.Level(x, y, allowWeak: true);
        if (level is Matching.Levels.Weak or Matching.Levels.Different && SharesWord(names.FamilyA, names.FamilyB)) return Matching.Levels.Similar;
        return level;
    }

    // "Martin Dupont" / "Dupont": a double-barrelled or married name.
    private static bool SharesWord(string a, string b)
    {
        foreach (var x in a.AsSpan().SplitAny(' ', '-'))
        {
            var word = a.AsSpan(x);
            if (word.Length <= 2) continue;
            foreach (var y in b.AsSpan().SplitAny(' ', '-'))
                if (word.SequenceEqual(b.AsSpan(y))) return true;
        }
        return false;
    }

    public string? TermOf(MatchProfile profile) => Text.FoldCompact(profile.FamilyName) is { Length: > 0 } v ? v : null;
}

/// <summary>Birth dates: exact, day and month swapped (US vs European order), one typo, one part wrong.</summary>
public sealed class BirthDateComparator : IFieldComparator
{
    public string Field => "birth_date";
    public IReadOnlyList<string> Levels { get; } =
        [Matching.Levels.Exact, Matching.Levels.DayMonthSwapped, Matching.Levels.OneEdit, Matching.Levels.OnePartDiffers, Matching.Levels.Different];

    public string? Compare(MatchProfile a, MatchProfile b)
    {
        if (a.BirthDate is not { } x || b.BirthDate is not { } y) return null;
        if (x == y) return Matching.Levels.Exact;
        if (x.Year == y.Year && x.Month == y.Day && x.Day == y.Month) return Matching.Levels.DayMonthSwapped;
        Span<char> textX = stackalloc char[16];
        Span<char> textY = stackalloc char[16];
        x.TryFormat(textX, out var lengthX, "yyyyMMdd", CultureInfo.InvariantCulture);
        y.TryFormat(textY, out var lengthY, "yyyyMMdd", CultureInfo.InvariantCulture);
        if (StringSimilarity.EditDistance(textX[..lengthX], textY[..lengthY]) <= 1) return Matching.Levels.OneEdit;
        var same = (x.Year == y.Year ? 1 : 0) + (x.Month == y.Month ? 1 : 0) + (x.Day == y.Day ? 1 : 0);
        return same == 2 ? Matching.Levels.OnePartDiffers : Matching.Levels.Different;
    }
}

/// <summary>Any shared value of a multi-valued key (e-mail match keys, E.164 phones).</summary>
public sealed class SharedValueComparator(string fieldName, Func<MatchProfile, IReadOnlyList<string>> values) : IFieldComparator
{
    public string Field => fieldName;
    public IReadOnlyList<string> Levels { get; } = [Matching.Levels.Exact, Matching.Levels.Different];

    public string? Compare(MatchProfile a, MatchProfile b)
    {
        var x = values(a);
        var y = values(b);
        if (x.Count == 0 || y.Count == 0) return null;
        for (var i = 0; i < x.Count; i++)
            for (var j = 0; j < y.Count; j++)
                if (x[i] == y[j]) return Matching.Levels.Exact;
        return Matching.Levels.Different;
    }

    public static SharedValueComparator Email() => new("email", p => p.Emails);
    public static SharedValueComparator Phone() => new("phone", p => p.Phones);
}

/// <summary>Identifiers of the same source system: equal, one typo apart, or different. Ids of different systems are not comparable.</summary>
public sealed class ExternalIdComparator : IFieldComparator
{
    public string Field => "external_id";
    public IReadOnlyList<string> Levels { get; } = [Matching.Levels.Exact, Matching.Levels.OneEdit, Matching.Levels.Different];

    public string? Compare(MatchProfile a, MatchProfile b)
    {
        if (a.ExternalIds.Count == 0 || b.ExternalIds.Count == 0) return null;
        string? best = null;
        foreach (var (source, x) in a.ExternalIds)
        {
            if (!b.ExternalIds.TryGetValue(source, out var y)) continue;
            var fx = Text.FoldCompact(x);
            var fy = Text.FoldCompact(y);
            if (fx == fy) return Matching.Levels.Exact;
            best = StringSimilarity.EditDistance(fx, fy) <= 1 ? Matching.Levels.OneEdit : best ?? Matching.Levels.Different;
        }
        return best;
    }
}

/// <summary>
/// The postal address as one piece of evidence. Street, postcode and town of one home agree together, so
/// counting them as three independent agreements would make "same name, same address" (a father and son)
/// outweigh everything else. Levels: the same address; the same with typos; all but one part; the same
/// locality with the street unknown; the same locality on another street; a locality one typo away; different.
/// </summary>
public sealed class AddressComparator : IFieldComparator
{
    private enum Part { Missing, Exact, Close, Different }

    public string Field => "address";
    public IReadOnlyList<string> Levels { get; } =
    [
        Matching.Levels.Exact, Matching.Levels.Close, Matching.Levels.MostlySame, Matching.Levels.SameLocality,
        Matching.Levels.OtherStreet, Matching.Levels.Similar, Matching.Levels.Different,
    ];

    public string? Compare(MatchProfile a, MatchProfile b)
    {
        var street = Text(a.Street, b.Street, 0.92);
        var postcode = Code(a.Postcode, b.Postcode);
        var city = Text(a.City, b.City, 0.92);
        var compared = Count(Part.Missing, street, postcode, city, equal: false);
        if (compared == 0 || street != Part.Missing && compared == 1) return null;
        var exact = Count(Part.Exact, street, postcode, city);
        var close = Count(Part.Close, street, postcode, city);
        var different = Count(Part.Different, street, postcode, city);
        if (different == 0 && street == Part.Missing) return exact > 0 ? Matching.Levels.SameLocality : Matching.Levels.Similar;
        if (different == 0) return close == 0 ? Matching.Levels.Exact : Matching.Levels.Close;
        if (street == Part.Different && different == 1) return Matching.Levels.OtherStreet;
        if (different == 1 && exact + close >= 2) return Matching.Levels.MostlySame;
        if (exact + close >= 1 && street != Part.Exact) return Matching.Levels.Similar;
        return Matching.Levels.Different;
    }

    private static int Count(Part part, Part street, Part postcode, Part city, bool equal = true) =>
        (street == part == equal ? 1 : 0) + (postcode == part == equal ? 1 : 0) + (city == part == equal ? 1 : 0);

    private static Part Text(string x, string y, double close) =>
        x.Length == 0 || y.Length == 0 ? Part.Missing
        : x == y ? Part.Exact
        : StringSimilarity.JaroWinkler(x, y) >= close ? Part.Close
        : Part.Different;

    private static Part Code(string x, string y) =>
        x.Length == 0 || y.Length == 0 ? Part.Missing
        : x == y ? Part.Exact
        : StringSimilarity.EditDistance(x, y) <= 1 ? Part.Close
        : Part.Different;
}

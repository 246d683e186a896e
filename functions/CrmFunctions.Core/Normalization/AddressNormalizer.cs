using System.Text;

namespace CrmFunctions.Core.Normalization;

/// <summary>Street and city clean-up: display casing and the folded keys streets are compared on.</summary>
public static class AddressNormalizer
{
    private static readonly IReadOnlySet<string> CityParticles = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "de", "du", "des", "la", "le", "les", "en", "sur", "sous", "lès", "lez", "aux", "au", "et", "d", "l",
        "am", "an", "der", "im", "bei", "upon", "on", "of", "the", "del", "di", "da",
    };

    // Both spellings must meet: "12 r. de la Paix" and "12 rue de la Paix".
    private static readonly IReadOnlyDictionary<string, string> StreetAbbreviations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["r"] = "rue", ["av"] = "avenue", ["ave"] = "avenue", ["bd"] = "boulevard", ["bld"] = "boulevard", ["bvd"] = "boulevard",
        ["blvd"] = "boulevard", ["pl"] = "place", ["st"] = "street", ["str"] = "strasse", ["rd"] = "road", ["ch"] = "chemin",
        ["imp"] = "impasse", ["rte"] = "route", ["fbg"] = "faubourg", ["sq"] = "square", ["cres"] = "crescent",
        ["cr"] = "crescent", ["dr"] = "drive", ["ln"] = "lane", ["ct"] = "court", ["tce"] = "terrace", ["hwy"] = "highway",
        ["pde"] = "parade", ["cl"] = "close", ["gr"] = "grove", ["mt"] = "mount",
    };

    /// <summary>Folded street with abbreviations spelled out; "straße" endings folded to "strasse".</summary>
    public static string StreetKey(string? street)
    {
        var folded = Text.Fold(street);
        if (folded.Length == 0) return folded;
        var words = folded.Split(' ').Select(w => StreetAbbreviations.TryGetValue(w, out var full) ? full : w);
        return string.Join(' ', words);
    }

    /// <summary>"SAINT-ETIENNE" → "Saint-Etienne", "aix-en-provence" → "Aix-en-Provence"; mixed case is trusted as typed.</summary>
    public static string CaseCity(string? city)
    {
        var clean = Text.Clean(city);
        if (clean.Length == 0 || !Text.IsAllUpper(clean) && !Text.IsAllLower(clean)) return clean;
        var sb = new StringBuilder(clean.Length);
        var word = new StringBuilder();
        var first = true;
        void Flush(char? separator)
        {
            if (word.Length > 0)
            {
                var lower = word.ToString().ToLowerInvariant();
                var keepLower = !first && CityParticles.Contains(lower);
                sb.Append(keepLower ? lower : char.ToUpperInvariant(lower[0]) + lower[1..]);
                first = false;
                word.Clear();
            }
            if (separator is { } s) sb.Append(s);
        }
        foreach (var ch in clean)
        {
            if (ch is ' ' or '-' or '\'' or '\u2019' or '/') Flush(ch);
            else word.Append(ch);
        }
        Flush(null);
        return sb.ToString();
    }
}

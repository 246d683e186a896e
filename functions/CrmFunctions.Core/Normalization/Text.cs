using System.Globalization;
using System.Text;

namespace CrmFunctions.Core.Normalization;

/// <summary>Unicode clean-up shared by every normalizer.</summary>
public static class Text
{
    /// <summary>NFKC, trimmed, every run of white space (including no-break spaces) collapsed to one space.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return string.Empty;
        if (IsCleanLatin(value)) return value;
        var normalized = value.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var ch in normalized)
        {
            if (char.IsWhiteSpace(ch) || char.IsControl(ch))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Lowercase, accent-free, letters and digits only, single spaces: the form names, cities and
    /// streets are compared in. Never shown to users ("Müller" and "MUELLER" stay different here;
    /// "Müller" and "Muller" do not).
    /// </summary>
    public static string Fold(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return string.Empty;
        if (IsFolded(value)) return value;
        return FoldLatin(value) ?? FoldSlow(value);
    }

    private static string FoldSlow(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (ch is '\'' or '\u2019' or '`' or '\u00B4') continue; // O'Neil and ONeil are one name
            if (char.IsLetterOrDigit(ch))
            {
                if (pendingSpace && sb.Length > 0) sb.Append(' ');
                pendingSpace = false;
                var lower = char.ToLowerInvariant(ch);
                if (FoldLigature(lower) is { } ligature) sb.Append(ligature);
                else sb.Append(lower);
            }
            else
            {
                pendingSpace = true;
            }
        }
        return sb.ToString();
    }

    // Fast paths: most values are Latin text that is already NFKC with single spaces, and match keys are folded
    // already. Unicode normalization goes through ICU and is the dearest step of normalizing a contact, so these
    // values skip it. The Latin tables are computed once with the slow path itself, so both paths agree by construction.
    private const char LatinFirst = '\u00A0';
    private const char LatinLast = '\u024F';
    private static readonly bool[] NfkcStableLatin = BuildNfkcStableLatin();
    private static readonly string?[] FoldedLatin = BuildFoldedLatin();

    private static bool[] BuildNfkcStableLatin()
    {
        var table = new bool[LatinLast - LatinFirst + 1];
        for (var c = LatinFirst; c <= LatinLast; c++)
        {
            var text = c.ToString();
            table[c - LatinFirst] = !char.IsWhiteSpace(c) && !char.IsControl(c) && !char.IsSurrogate(c)
                && string.Equals(text.Normalize(NormalizationForm.FormKC), text, StringComparison.Ordinal);
        }
        return table;
    }

    // A letter whose fold is letters only ("é" → "e", "æ" → "ae"); null sends the whole value to the slow path.
    private static string?[] BuildFoldedLatin()
    {
        var table = new string?[LatinLast - LatinFirst + 1];
        for (var c = LatinFirst; c <= LatinLast; c++)
        {
            if (!char.IsLetter(c)) continue;
            // "Ŀ" decomposes to "L·": a separator inside, which only the slow path places right.
            var parts = c.ToString().Normalize(NormalizationForm.FormKD);
            if (!parts.All(p => char.IsLetter(p) || CharUnicodeInfo.GetUnicodeCategory(p) == UnicodeCategory.NonSpacingMark)) continue;
            var folded = FoldSlow(c.ToString());
            if (folded.Length > 0 && folded.All(char.IsAsciiLetterLower)) table[c - LatinFirst] = folded;
        }
        return table;
    }

    private static bool IsCleanLatin(string value) => IsSingleSpaced<CleanLatin>(value);

    private static bool IsFolded(string value) => IsSingleSpaced<FoldedChar>(value);

    /// <summary>
    /// No leading, trailing or double space, and every other character allowed by <typeparamref name="TRule"/>: the
    /// fast "already in shape" checks. A struct rule, so the JIT compiles one loop per rule with the test inlined
    /// (this runs for every name, city and street the matcher sees).
    /// </summary>
    private static bool IsSingleSpaced<TRule>(string value) where TRule : struct, ICharRule
    {
        if (value[0] == ' ' || value[^1] == ' ') return false;
        var previousSpace = false;
        foreach (var ch in value)
        {
            if (ch == ' ')
            {
                if (previousSpace) return false;
                previousSpace = true;
                continue;
            }
            if (!TRule.Allows(ch)) return false;
            previousSpace = false;
        }
        return true;
    }

    private interface ICharRule
    {
        static abstract bool Allows(char ch);
    }

    /// <summary>Printable ASCII and the Latin letters NFKC leaves as they are.</summary>
    private readonly struct CleanLatin : ICharRule
    {
        public static bool Allows(char ch) =>
            ch is >= '!' and <= '~' || (ch is >= LatinFirst and <= LatinLast && NfkcStableLatin[ch - LatinFirst]);
    }

    /// <summary>What Fold produces: lowercase ASCII letters and digits.</summary>
    private readonly struct FoldedChar : ICharRule
    {
        public static bool Allows(char ch) => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch);
    }

    /// <summary>Fold of ASCII and Latin letters without Unicode normalization; null when a character needs the slow path.</summary>
    private static string? FoldLatin(string value)
    {
        var sb = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var ch in value)
        {
            if (ch is '\'' or '`') continue;
            string? folded = null;
            if (char.IsAsciiLetterOrDigit(ch))
            {
            }
            else if (ch is >= LatinFirst and <= LatinLast)
            {
                folded = FoldedLatin[ch - LatinFirst];
                if (folded is null) return null;
            }
            else if (ch < '\u0080')
            {
                pendingSpace = true;
                continue;
            }
            else
            {
                return null;
            }
            if (pendingSpace && sb.Length > 0) sb.Append(' ');
            pendingSpace = false;
            if (folded is null) sb.Append(char.ToLowerInvariant(ch));
            else sb.Append(folded);
        }
        return sb.ToString();
    }

    private static string? FoldLigature(char ch) => ch switch
    {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        _ => null,
    };

    /// <summary>Fold and drop the spaces: "De La Tour" and "Delatour" become one key.</summary>
    public static string FoldCompact(string? value) => Fold(value).Replace(" ", string.Empty, StringComparison.Ordinal);

    internal static bool HasLetters(string value)
    {
        foreach (var ch in value) if (char.IsLetter(ch)) return true;
        return false;
    }

    internal static bool IsAllUpper(string value)
    {
        var letters = false;
        foreach (var ch in value)
        {
            if (!char.IsLetter(ch)) continue;
            letters = true;
            if (char.IsLower(ch)) return false;
        }
        return letters;
    }

    internal static bool IsAllLower(string value)
    {
        var letters = false;
        foreach (var ch in value)
        {
            if (!char.IsLetter(ch)) continue;
            letters = true;
            if (char.IsUpper(ch)) return false;
        }
        return letters;
    }

    /// <summary>Describes the shape of a value for the audit trail without repeating it.</summary>
    internal static string ShapeOf(string? raw)
    {
        if (raw is null) return "absent";
        if (string.IsNullOrWhiteSpace(raw)) return "blank";
        if (IsAllUpper(raw)) return "uppercase";
        if (IsAllLower(raw)) return "lowercase";
        return HasLetters(raw) ? "mixed-case" : "non-letter";
    }
}

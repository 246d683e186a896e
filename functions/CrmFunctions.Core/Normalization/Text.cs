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
        if (IsCleanAscii(value)) return value;
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

    // Fast paths: most values arrive already clean (ASCII, single spaces) and match keys are folded already;
    // both forms are what Clean and Fold would return, so they are returned as they are, without allocating.
    private static bool IsCleanAscii(string value)
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
            if (ch is < '!' or > '~') return false;
            previousSpace = false;
        }
        return true;
    }

    private static bool IsFolded(string value)
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
            if (!char.IsAsciiLetterLower(ch) && !char.IsAsciiDigit(ch)) return false;
            previousSpace = false;
        }
        return true;
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

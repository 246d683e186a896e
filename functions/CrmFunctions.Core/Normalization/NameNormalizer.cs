using System.Text;

namespace CrmFunctions.Core.Normalization;

/// <summary>A person's name ready for display, with the folded forms used only for matching.</summary>
public sealed record PersonName(string? Title, string? GivenName, string? FamilyName, string GivenKey, string FamilyKey);

/// <summary>
/// Cleans, splits and cases person names. Hotel systems send "DUPONT Jean" in one field, titles inside
/// names, and everything in capitals; display casing must still respect names like "de la Tour" or "McDonald".
/// </summary>
public static class NameNormalizer
{
    public static PersonName Normalize(string? title, string? givenName, string? familyName, NameLexicon? lexicon = null) =>
        Normalize(title, givenName, familyName, lexicon ?? NameLexicon.Default, new NormalizationLog());

    internal static PersonName Normalize(string? title, string? givenName, string? familyName, NameLexicon lexicon, NormalizationLog log)
    {
        var given = Text.Clean(givenName);
        var family = Text.Clean(familyName);
        NoteCleaned(log, "givenName", givenName, given);
        NoteCleaned(log, "familyName", familyName, family);

        var canonicalTitle = CanonicalTitle(title, lexicon, log);
        given = SplitHonorific(given, "givenName", lexicon, log, ref canonicalTitle);
        family = SplitHonorific(family, "familyName", lexicon, log, ref canonicalTitle);

        (given, family) = SplitFullName(given, family, lexicon, log);
        (given, family) = SwapIfReversed(given, family, lexicon, log);

        var givenCased = Recase(given, isFamily: false, lexicon, "givenName", log);
        var familyCased = Recase(family, isFamily: true, lexicon, "familyName", log);
        return new PersonName(
            canonicalTitle,
            givenCased.Length == 0 ? null : givenCased,
            familyCased.Length == 0 ? null : familyCased,
            Text.Fold(givenCased),
            Text.Fold(familyCased));
    }

    /// <summary>Display casing of a name typed all in capitals or all in lowercase; mixed case is trusted as typed.</summary>
    public static string CaseName(string name, bool isFamily, NameLexicon? lexicon = null)
    {
        var clean = Text.Clean(name);
        if (!Text.IsAllUpper(clean) && !Text.IsAllLower(clean)) return clean;
        return CaseWords(clean, isFamily, lexicon ?? NameLexicon.Default);
    }

    private static void NoteCleaned(NormalizationLog log, string field, string? raw, string cleaned)
    {
        if (raw is not null && raw.Length > 0 && !string.Equals(raw, cleaned, StringComparison.Ordinal))
            log.Change(field, "untrimmed-or-unnormalized", cleaned.Length == 0 ? null : cleaned, "text.nfkc-trim-collapse");
    }

    private static string? CanonicalTitle(string? title, NameLexicon lexicon, NormalizationLog log)
    {
        var clean = Text.Clean(title);
        if (clean.Length == 0) return null;
        if (TryHonorific(clean, lexicon, allowBareM: true, out var canonical))
        {
            if (!string.Equals(clean, canonical, StringComparison.Ordinal))
                log.Change("title", Text.ShapeOf(title), canonical, "name.title-canonical");
            return canonical;
        }
        log.Reject("title", clean, "unknown-honorific");
        return null;
    }

    private static bool TryHonorific(string token, NameLexicon lexicon, bool allowBareM, out string canonical)
    {
        var hadDot = token.EndsWith('.');
        var bare = token.TrimEnd('.');
        canonical = string.Empty;
        // A lone "M" without a dot is as likely an initial as "Monsieur".
        if (bare.Equals("m", StringComparison.OrdinalIgnoreCase) && !hadDot && !allowBareM) return false;
        if (!lexicon.Honorifics.TryGetValue(bare, out var found)) return false;
        canonical = found;
        return true;
    }

    private static string SplitHonorific(string value, string field, NameLexicon lexicon, NormalizationLog log, ref string? title)
    {
        var tokens = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Only split when a name remains: a family name "Herr" alone is a name.
        if (tokens.Length < 2 || !TryHonorific(tokens[0], lexicon, allowBareM: false, out var canonical)) return value;
        title ??= canonical;
        log.Change("title", "inside-" + field, canonical, "name.honorific-split");
        return string.Join(' ', tokens.Skip(1));
    }

    private static (string Given, string Family) SplitFullName(string given, string family, NameLexicon lexicon, NormalizationLog log)
    {
        if (family.Length == 0 && given.Contains(' ', StringComparison.Ordinal))
        {
            var split = SplitOneField(given, lexicon);
            if (split is { } s)
            {
                log.Change("familyName", "inside-givenName", s.Family, "name.split-full-name");
                return s;
            }
        }
        else if (given.Length == 0 && family.Contains(' ', StringComparison.Ordinal))
        {
            // In the family field only an explicit capitals convention tells where the given name is.
            var split = SplitByCapitals(family);
            if (split is { } s)
            {
                log.Change("givenName", "inside-familyName", s.Given, "name.split-full-name");
                return s;
            }
        }
        return (given, family);
    }

    private static (string Given, string Family)? SplitOneField(string full, NameLexicon lexicon)
    {
        if (SplitByCapitals(full) is { } byCaps) return byCaps;
        var tokens = full.Split(' ');
        // "Jean de la Tour": the family name starts at the first particle after the given name.
        for (var i = 1; i < tokens.Length - 1; i++)
        {
            if (lexicon.Particles.Contains(tokens[i]))
                return (string.Join(' ', tokens[..i]), string.Join(' ', tokens[i..]));
        }
        return (string.Join(' ', tokens[..^1]), tokens[^1]);
    }

    /// <summary>"DUPONT Jean" or "Jean DUPONT": the words in capitals are the family name.</summary>
    private static (string Given, string Family)? SplitByCapitals(string full)
    {
        var tokens = full.Split(' ');
        var upper = tokens.Where(t => Text.IsAllUpper(t) && t.Count(char.IsLetter) >= 2).ToArray();
        var other = tokens.Where(t => !upper.Contains(t)).ToArray();
        if (upper.Length == 0 || other.Length == 0 || other.Any(t => !Text.HasLetters(t))) return null;
        return (string.Join(' ', other), string.Join(' ', upper));
    }

    private static (string Given, string Family) SwapIfReversed(string given, string family, NameLexicon lexicon, NormalizationLog log)
    {
        if (given.Length == 0 || family.Length == 0) return (given, family);
        var givenInCapitals = Text.IsAllUpper(given) && given.Count(char.IsLetter) >= 2;
        var familyInCapitals = Text.IsAllUpper(family);
        var givenIsKnownGiven = lexicon.GivenNames.Contains(Text.Fold(given));
        var familyIsKnownGiven = lexicon.GivenNames.Contains(Text.Fold(family));
        // Capitals mark the family name ("DUPONT" / "Jean"), unless the capitals are plainly a given name.
        // A known given name in the family field alone is no evidence: "Thomas" and "Martin" are family names too.
        var swap = givenInCapitals && !familyInCapitals && !(givenIsKnownGiven && !familyIsKnownGiven);
        if (!swap) return (given, family);
        log.Change("familyName", "in-givenName", null, "name.swap-given-family");
        return (family, given);
    }

    private static string Recase(string value, bool isFamily, NameLexicon lexicon, string field, NormalizationLog log)
    {
        if (value.Length == 0) return value;
        if (!Text.IsAllUpper(value) && !Text.IsAllLower(value)) return value;
        var cased = CaseWords(value, isFamily, lexicon);
        if (!string.Equals(cased, value, StringComparison.Ordinal))
            log.Change(field, Text.ShapeOf(value), cased, "name.recase");
        return cased;
    }

    private static string CaseWords(string value, bool isFamily, NameLexicon lexicon)
    {
        var words = value.Split(' ');
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            var word = words[i];
            var isLast = i == words.Length - 1;
            if (isFamily && !isLast && lexicon.Particles.Contains(word))
                sb.Append(word.ToLowerInvariant());
            else
                sb.Append(CaseWord(word, isFamily, lexicon));
        }
        return sb.ToString();
    }

    private static string CaseWord(string word, bool isFamily, NameLexicon lexicon)
    {
        var sb = new StringBuilder(word.Length);
        var part = new StringBuilder();
        foreach (var ch in word)
        {
            if (ch is '-' or '\'' or '\u2019')
            {
                AppendPart(sb, part.ToString(), ch, isFamily, lexicon);
                sb.Append(ch);
                part.Clear();
            }
            else
            {
                part.Append(ch);
            }
        }
        AppendPart(sb, part.ToString(), null, isFamily, lexicon);
        return sb.ToString();
    }

    private static void AppendPart(StringBuilder sb, string part, char? separator, bool isFamily, NameLexicon lexicon)
    {
        if (part.Length == 0) return;
        var lower = part.ToLowerInvariant();
        var isApostrophe = separator is '\'' or '\u2019';
        // "d'Artagnan", "l'Hermite": elided particles stay lowercase in family names.
        if (isApostrophe && isFamily && sb.Length == 0 && lower is "d" or "l")
        {
            sb.Append(lower);
            return;
        }
        var cased = char.ToUpperInvariant(lower[0]) + lower[1..];
        if (lower.Length > 2 && lower.StartsWith("mc", StringComparison.Ordinal))
            cased = "Mc" + char.ToUpperInvariant(lower[2]) + lower[3..];
        else if (lexicon.MacNames.Contains(lower))
            cased = "Mac" + char.ToUpperInvariant(lower[3]) + lower[4..];
        sb.Append(cased);
    }
}

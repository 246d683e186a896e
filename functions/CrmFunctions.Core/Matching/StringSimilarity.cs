namespace CrmFunctions.Core.Matching;

/// <summary>String measures for comparing names, streets and identifiers.</summary>
public static class StringSimilarity
{
    /// <summary>
    /// Jaro–Winkler similarity (Winkler 1990): prefix scale 0.1 over at most four leading characters,
    /// applied above a Jaro of 0.7, as in the US Census comparator.
    /// </summary>
    public static double JaroWinkler(string a, string b)
    {
        var jaro = Jaro(a, b);
        if (jaro <= 0.7) return jaro;
        var prefix = 0;
        var max = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < max && a[prefix] == b[prefix]) prefix++;
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    public static double Jaro(string a, string b)
    {
        if (a.Length == 0 && b.Length == 0) return 1;
        if (a.Length == 0 || b.Length == 0) return 0;
        if (string.Equals(a, b, StringComparison.Ordinal)) return 1;
        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        Span<bool> aMatched = a.Length <= 128 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bMatched = b.Length <= 128 ? stackalloc bool[b.Length] : new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var start = Math.Max(0, i - window);
            var end = Math.Min(b.Length - 1, i + window);
            for (var j = start; j <= end; j++)
            {
                if (bMatched[j] || a[i] != b[j]) continue;
                aMatched[i] = bMatched[j] = true;
                matches++;
                break;
            }
        }
        if (matches == 0) return 0;
        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i]) continue;
            while (!bMatched[k]) k++;
            if (a[i] != b[k]) transpositions++;
            k++;
        }
        double m = matches;
        return (m / a.Length + m / b.Length + (m - transpositions / 2.0) / m) / 3.0;
    }

    /// <summary>Edit distance counting an adjacent swap as one edit (optimal string alignment): typing slips.</summary>
    public static int EditDistance(string a, string b) => EditDistance(a.AsSpan(), b.AsSpan());

    /// <inheritdoc cref="EditDistance(string, string)"/>
    public static int EditDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0) return b.Length;
        if (b.Length == 0) return a.Length;
        // Three rows of the table; short values (names, dates, postcodes: nearly all) on the stack.
        var width = b.Length + 1;
        Span<int> rows = width <= 128 ? stackalloc int[3 * width] : new int[3 * width];
        var previous2 = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, previous2[j - 2] + 1);
                current[j] = value;
            }
            var oldest = previous2;
            previous2 = previous;
            previous = current;
            current = oldest;
        }
        return previous[b.Length];
    }

    /// <summary>
    /// American Soundex of a folded name (letter + three digits): blocks names that sound alike
    /// ("Dupont"/"Dupond", "Smith"/"Smyth") into one bucket.
    /// </summary>
    public static string Soundex(string folded)
    {
        Span<char> code = stackalloc char[4];
        var length = 0;
        var last = '\0';
        foreach (var ch in folded)
        {
            if (ch is < 'a' or > 'z') continue;
            var digit = SoundexDigit(ch);
            if (length == 0)
            {
                code[length++] = char.ToUpperInvariant(ch);
                last = digit;
                continue;
            }
            if (ch is 'h' or 'w') continue; // h and w do not separate letters of the same code
            if (digit != '0' && digit != last)
            {
                code[length++] = digit;
                if (length == 4) break;
            }
            last = digit;
        }
        if (length == 0) return string.Empty;
        while (length < 4) code[length++] = '0';
        return new string(code);
    }

    private static char SoundexDigit(char ch) => ch switch
    {
        'b' or 'f' or 'p' or 'v' => '1',
        'c' or 'g' or 'j' or 'k' or 'q' or 's' or 'x' or 'z' => '2',
        'd' or 't' => '3',
        'l' => '4',
        'm' or 'n' => '5',
        'r' => '6',
        _ => '0',
    };
}

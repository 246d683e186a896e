using System.Text.RegularExpressions;

namespace CrmFunctions.Core.Normalization;

/// <summary>The outcome of checking a postcode: its canonical form, or why it does not fit the country.</summary>
public sealed record PostcodeResult(string? Postcode, string? Reason)
{
    public bool IsValid => Postcode is not null;
}

/// <summary>
/// Postcode shapes per country (UPU postal addressing standards), with the canonical spacing each
/// country's post office uses ("SW1A 1AA", "1012 AB", "K1A 0B1", "1000-001").
/// </summary>
public static partial class Postcodes
{
    private sealed record Format(Regex Pattern, Func<Match, string> Canonical);

    private static readonly IReadOnlyDictionary<string, Format> Formats = new Dictionary<string, Format>(StringComparer.Ordinal)
    {
        ["FR"] = Digits(5), ["DE"] = Digits(5), ["IT"] = Digits(5), ["US"] = Us(),
        ["BE"] = Digits(4), ["CH"] = Digits(4), ["AT"] = Digits(4), ["AU"] = Digits(4), ["DK"] = Digits(4), ["NO"] = Digits(4),
        ["LU"] = new(LuRegex(), m => m.Groups[1].Value),
        ["MC"] = new(McRegex(), m => m.Value),
        ["ES"] = new(EsRegex(), m => m.Value),
        ["PT"] = new(PtRegex(), m => m.Groups[1].Value + "-" + m.Groups[2].Value),
        ["NL"] = new(NlRegex(), m => m.Groups[1].Value + " " + m.Groups[2].Value),
        ["GB"] = new(GbRegex(), m => m.Groups[1].Value + " " + m.Groups[2].Value),
        ["IE"] = new(IeRegex(), m => m.Groups[1].Value + " " + m.Groups[2].Value),
        ["CA"] = new(CaRegex(), m => m.Groups[1].Value + " " + m.Groups[2].Value),
        ["SE"] = new(SeRegex(), m => m.Groups[1].Value + " " + m.Groups[2].Value),
        ["PL"] = new(PlRegex(), m => m.Groups[1].Value + "-" + m.Groups[2].Value),
    };

    private static Format Digits(int count) => new(new Regex($"^\\d{{{count}}}$", RegexOptions.CultureInvariant), m => m.Value);
    private static Format Us() => new(UsRegex(), m => m.Groups[2].Success ? m.Groups[1].Value + "-" + m.Groups[2].Value : m.Groups[1].Value);

    /// <summary>Checks and canonicalizes <paramref name="raw"/> for <paramref name="country"/>; unknown countries pass as typed.</summary>
    public static PostcodeResult Normalize(string? raw, string? country)
    {
        var value = Text.Clean(raw).ToUpperInvariant();
        if (value.Length == 0) return new PostcodeResult(null, "empty");
        if (country is null || !Formats.TryGetValue(country, out var format)) return new PostcodeResult(value, null);
        // Spaces and dashes vary with who typed; the canonical spacing is restored below.
        var compact = value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (country == "LU" && compact.StartsWith('L')) compact = compact[1..];
        var match = format.Pattern.Match(compact);
        return match.Success ? new PostcodeResult(format.Canonical(match), null) : new PostcodeResult(null, "invalid-format-" + country.ToLowerInvariant());
    }

    [GeneratedRegex(@"^(\d{4})$")] private static partial Regex LuRegex();
    [GeneratedRegex(@"^980\d{2}$")] private static partial Regex McRegex();
    [GeneratedRegex(@"^(0[1-9]|[1-4]\d|5[0-2])\d{3}$")] private static partial Regex EsRegex();
    [GeneratedRegex(@"^(\d{4})(\d{3})$")] private static partial Regex PtRegex();
    [GeneratedRegex(@"^([1-9]\d{3})([A-Z]{2})$")] private static partial Regex NlRegex();
    [GeneratedRegex(@"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")] private static partial Regex GbRegex();
    [GeneratedRegex(@"^([AC-FHKNPRTV-Y]\d[\dW])([0-9AC-FHKNPRTV-Y]{4})$")] private static partial Regex IeRegex();
    [GeneratedRegex(@"^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])(\d[ABCEGHJ-NPRSTV-Z]\d)$")] private static partial Regex CaRegex();
    [GeneratedRegex(@"^(\d{5})(\d{4})?$")] private static partial Regex UsRegex();
    [GeneratedRegex(@"^(\d{3})(\d{2})$")] private static partial Regex SeRegex();
    [GeneratedRegex(@"^(\d{2})(\d{3})$")] private static partial Regex PlRegex();
}

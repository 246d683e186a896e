using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace CrmFunctions.Core.Normalization;

public enum PhoneLineType
{
    Unknown = 0,
    Mobile,
    Fixed,
    /// <summary>North America: the numbering plan does not tell mobiles from landlines.</summary>
    FixedOrMobile,
    /// <summary>Freephone, shared-cost, premium, personal, VoIP or corporate numbers.</summary>
    Other,
}

/// <summary>A number in E.164 with the country and line type its numbering plan gives.</summary>
public sealed record NormalizedPhone(string E164, string? Country, PhoneLineType LineType);

/// <summary>
/// The outcome of normalizing one number: the number when its country's plan accepts it, else the reason.
/// Either way <see cref="MatchKey"/> holds the digits as dialled from abroad when there are enough of them:
/// whether a guest can be texted is one question, whether two records typed the same number is another.
/// </summary>
public sealed record PhoneResult(NormalizedPhone? Phone, string? Reason, string? InputFormat = null, string? MatchKey = null)
{
    public bool IsValid => Phone is not null;
    internal static PhoneResult Fail(string reason, string? matchKey = null) => new(null, reason, null, matchKey);
}

/// <summary>
/// Turns numbers as guests and front desks type them ("06 12 34 56 78", "0033 (0)6.12.34.56.78",
/// "+44 (0)20 7946 0958") into E.164 with libphonenumber's plans for every country.
/// </summary>
public static class PhoneNormalizer
{
    // Fewer digits than this after the country code identify nobody.
    private const int MinimumKeyDigits = 6;
    private static readonly PhoneNumberUtil Plans = PhoneNumberUtil.GetInstance();

    /// <param name="raw">The number as typed.</param>
    /// <param name="country">ISO alpha-2 country used for numbers written in national form.</param>
    public static PhoneResult Normalize(string? raw, string? country)
    {
        var value = Text.Clean(raw);
        if (value.Length == 0) return PhoneResult.Fail("empty");
        if (value.Any(char.IsLetter)) return PhoneResult.Fail("contains-letters");
        if (value.Any(ch => !char.IsAsciiDigit(ch) && ch is not (' ' or '.' or '-' or '/' or '(' or ')' or '+'))) return PhoneResult.Fail("invalid-characters");

        var digits = new StringBuilder(value.Length);
        foreach (var ch in value.Replace("(0)", " ", StringComparison.Ordinal)) if (char.IsAsciiDigit(ch)) digits.Append(ch);
        if (digits.Length == 0) return PhoneResult.Fail("empty");
        var plus = value.StartsWith('+');
        var number = digits.ToString();

        // "00" is the international prefix everywhere we serve except North America and Australia, and no
        // national number starts with it, so a number without a country still reads as international.
        var region = country is { Length: 2 } ? country.ToUpperInvariant() : null;
        string text;
        string format;
        if (plus) (text, format) = ("+" + number, "international-plus");
        else if (region is not null) (text, format) = (number, "national");
        else if (number.StartsWith("00", StringComparison.Ordinal)) (text, format) = ("+" + number[2..], "international-00");
        else return PhoneResult.Fail("no-country");

        if (Parse(text, region) is not { } parsed) return PhoneResult.Fail("invalid-number");
        if (!plus && region is not null && parsed.CountryCodeSource == PhoneNumber.Types.CountryCodeSource.FROM_NUMBER_WITH_IDD) format = "international-prefix";
        else if (format == "national" && Plans.GetNddPrefixForRegion(region, true) is { Length: > 0 } trunk && number.StartsWith(trunk, StringComparison.Ordinal)) format = "national-trunk";
        // "+39 (0)6 …": in Italy the 0 belongs to the number, elsewhere it is the trunk prefix not dialled from abroad.
        if (!Plans.IsValidNumber(parsed) && value.Contains("(0)", StringComparison.Ordinal)
            && Parse(value.Replace("(0)", "0", StringComparison.Ordinal), region) is { } withZero && Plans.IsValidNumber(withZero))
            parsed = withZero;

        if (!Plans.IsValidNumber(parsed)) return PhoneResult.Fail(Reason(parsed), DigitsKey(parsed));
        var e164 = Plans.Format(parsed, PhoneNumberFormat.E164);
        return new PhoneResult(new NormalizedPhone(e164, Plans.GetRegionCodeForNumber(parsed), LineType(Plans.GetNumberType(parsed))), null, format, e164);
    }

    /// <summary>
    /// "+" country code national digits of a number its plan refuses. The plan cannot say whether a leading 0
    /// is the trunk prefix, so where the trunk prefix is 0 it is dropped: "0612 345 67" and "+33 (0)6 12 34 56 7" are one key.
    /// </summary>
    private static string? DigitsKey(PhoneNumber number)
    {
        var national = number.NationalNumber.ToString(CultureInfo.InvariantCulture);
        if (national.Length < MinimumKeyDigits) return null;
        var zeroIsTrunk = Plans.GetNddPrefixForRegion(Plans.GetRegionCodeForCountryCode(number.CountryCode), true) == "0";
        if (number.HasNumberOfLeadingZeros && !zeroIsTrunk) national = new string('0', Math.Max(1, number.NumberOfLeadingZeros)) + national;
        return "+" + number.CountryCode.ToString(CultureInfo.InvariantCulture) + national;
    }

    private static PhoneNumber? Parse(string text, string? region)
    {
        try
        {
            return Plans.Parse(text, region ?? "ZZ");
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static string Reason(PhoneNumber number) => Plans.IsPossibleNumberWithReason(number) switch
    {
        PhoneNumberUtil.ValidationResult.TOO_SHORT => "too-short",
        PhoneNumberUtil.ValidationResult.TOO_LONG => "too-long",
        PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => "invalid-country-code",
        PhoneNumberUtil.ValidationResult.INVALID_LENGTH => "invalid-length",
        _ => "invalid-number",
    };

    private static PhoneLineType LineType(PhoneNumberType type) => type switch
    {
        PhoneNumberType.MOBILE => PhoneLineType.Mobile,
        PhoneNumberType.FIXED_LINE => PhoneLineType.Fixed,
        PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneLineType.FixedOrMobile,
        PhoneNumberType.UNKNOWN => PhoneLineType.Unknown,
        _ => PhoneLineType.Other,
    };
}

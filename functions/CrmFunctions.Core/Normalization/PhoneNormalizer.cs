using System.Text;

namespace CrmFunctions.Core.Normalization;

/// <summary>A number in E.164 with the country and line type its numbering plan gives.</summary>
public sealed record NormalizedPhone(string E164, string? Country, PhoneLineType LineType);

/// <summary>The outcome of normalizing one number: the number, or the reason it was rejected.</summary>
public sealed record PhoneResult(NormalizedPhone? Phone, string? Reason, string? InputFormat = null)
{
    public bool IsValid => Phone is not null;
    internal static PhoneResult Fail(string reason) => new(null, reason);
}

/// <summary>
/// Turns numbers as guests and front desks type them ("06 12 34 56 78", "0033 (0)6.12.34.56.78",
/// "+44 (0)20 7946 0958") into E.164, table-driven from <see cref="PhoneNumberPlans"/>.
/// </summary>
public static class PhoneNormalizer
{
    private const int MaxE164Digits = 15;

    /// <param name="raw">The number as typed.</param>
    /// <param name="country">ISO alpha-2 country used for numbers written in national form.</param>
    public static PhoneResult Normalize(string? raw, string? country)
    {
        var value = Text.Clean(raw);
        if (value.Length == 0) return PhoneResult.Fail("empty");
        if (value.Any(char.IsLetter)) return PhoneResult.Fail("contains-letters");

        var hadParenthesizedZero = value.Contains("(0)", StringComparison.Ordinal);
        value = value.Replace("(0)", " ", StringComparison.Ordinal);
        var digits = new StringBuilder(value.Length);
        var plus = false;
        foreach (var ch in value)
        {
            if (char.IsAsciiDigit(ch)) digits.Append(ch);
            else if (ch == '+' && digits.Length == 0 && !plus) plus = true;
            else if (ch is not (' ' or '.' or '-' or '/' or '(' or ')')) return PhoneResult.Fail("invalid-characters");
        }
        var number = digits.ToString();
        if (number.Length == 0) return PhoneResult.Fail("empty");

        PhoneNumberPlans.ByCountry.TryGetValue(country ?? string.Empty, out var home);
        if (plus) return International(number, hadParenthesizedZero, "international-plus");
        if (home is not null && number.StartsWith(home.InternationalPrefix, StringComparison.Ordinal) && number.Length > home.InternationalPrefix.Length + 4)
            return International(number[home.InternationalPrefix.Length..], hadParenthesizedZero, "international-prefix");
        // "00" is the international prefix everywhere we serve except North America and Australia,
        // and no national number starts with it, so it is read as international whatever the country.
        if (number.StartsWith("00", StringComparison.Ordinal) && number.Length > 6)
            return International(number[2..], hadParenthesizedZero, "international-00");

        if (home is null) return PhoneResult.Fail(country is null ? "no-country" : "unsupported-country");
        return National(number, home);
    }

    private static PhoneResult National(string number, PhoneNumberPlan plan)
    {
        var format = "national-without-trunk";
        var nsn = number;
        if (plan.TrunkPrefix is { } trunk && number.StartsWith(trunk, StringComparison.Ordinal))
        {
            var stripped = number[trunk.Length..];
            // A trunk prefix is only stripped if the rest reads as a number (a US "1" could not be otherwise).
            if (Validate(stripped, plan).IsValid || !Validate(number, plan).IsValid)
            {
                nsn = stripped;
                format = "national-trunk";
            }
        }
        else if (plan.TrunkPrefix is null)
        {
            format = "national";
        }
        return Validate(nsn, plan) with { InputFormat = format };
    }

    private static PhoneResult International(string number, bool hadParenthesizedZero, string format)
    {
        PhoneNumberPlan? plan = null;
        var nsn = string.Empty;
        for (var length = 1; length <= 3 && plan is null; length++)
        {
            if (number.Length <= length) break;
            if (PhoneNumberPlans.ByCallingCode.TryGetValue(number[..length], out var found))
            {
                plan = found;
                nsn = number[length..];
            }
        }

        if (plan is null)
        {
            // A country outside our table: keep the number if E.164 allows its length, without a line type.
            if (number.Length is < 8 or > MaxE164Digits) return PhoneResult.Fail(number.Length < 8 ? "too-short" : "too-long");
            if (number[0] == '0') return PhoneResult.Fail("invalid-country-code");
            return new PhoneResult(new NormalizedPhone("+" + number, null, PhoneLineType.Unknown), null, format);
        }

        if (plan.LeadingZeroIsPartOfNumber && hadParenthesizedZero) nsn = "0" + nsn;
        var result = Validate(nsn, plan);
        // "+33 06 12 34 56 78": the trunk prefix typed after the country code.
        if (!result.IsValid && plan.TrunkPrefix is { } trunk && nsn.StartsWith(trunk, StringComparison.Ordinal))
        {
            var retry = Validate(nsn[trunk.Length..], plan);
            if (retry.IsValid) result = retry;
        }
        return result with { InputFormat = format };
    }

    private static PhoneResult Validate(string nsn, PhoneNumberPlan plan)
    {
        foreach (var rule in plan.Rules)
        {
            if (!rule.MatchesPrefix(nsn)) continue;
            if (nsn.Length < rule.MinLength) return PhoneResult.Fail("too-short");
            if (nsn.Length > rule.MaxLength) return PhoneResult.Fail("too-long");
            return new PhoneResult(new NormalizedPhone("+" + plan.CallingCode + nsn, CountryOf(plan, nsn), rule.Type), null);
        }
        return PhoneResult.Fail(nsn.Length == 0 ? "too-short" : "invalid-prefix");
    }

    private static string CountryOf(PhoneNumberPlan plan, string nsn) =>
        plan.CallingCode == "1" && nsn.Length >= 3 && PhoneNumberPlans.CanadianAreaCodes.Contains(nsn[..3]) ? "CA"
        : plan.CallingCode == "1" ? "US"
        : plan.Country;
}

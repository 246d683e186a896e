namespace CrmFunctions.Core.Normalization;

public enum PhoneLineType
{
    Unknown = 0,
    Mobile,
    Fixed,
    /// <summary>North America: the numbering plan does not tell mobiles from landlines.</summary>
    FixedOrMobile,
    /// <summary>Freephone, shared-cost, premium, personal or corporate numbers.</summary>
    Other,
}

/// <summary>
/// One block of a national numbering plan: national significant numbers starting with one of
/// <paramref name="Prefixes"/> have <paramref name="MinLength"/>..<paramref name="MaxLength"/> digits.
/// A prefix is digits, "[a-b]" digit ranges and "X" for any digit.
/// </summary>
public sealed record PhoneRule(IReadOnlyList<string> Prefixes, int MinLength, int MaxLength, PhoneLineType Type)
{
    public bool MatchesPrefix(string nsn) => Prefixes.Any(p => StartsWithPattern(nsn, p));

    private static bool StartsWithPattern(string nsn, string pattern)
    {
        var n = 0;
        for (var p = 0; p < pattern.Length; p++, n++)
        {
            if (n >= nsn.Length) return false;
            var digit = nsn[n];
            if (pattern[p] == 'X') continue;
            if (pattern[p] == '[')
            {
                var low = pattern[p + 1];
                var high = pattern[p + 3];
                p += 4;
                if (digit < low || digit > high) return false;
                continue;
            }
            if (pattern[p] != digit) return false;
        }
        return true;
    }
}

/// <summary>The part of a country's numbering plan needed to validate and format numbers.</summary>
public sealed record PhoneNumberPlan(
    string Country,
    string CallingCode,
    string? TrunkPrefix,
    string InternationalPrefix,
    IReadOnlyList<PhoneRule> Rules)
{
    /// <summary>Italy: the leading 0 of fixed lines belongs to the number and stays in E.164.</summary>
    public bool LeadingZeroIsPartOfNumber { get; init; }
}

/// <summary>
/// National numbering plans (ITU-T E.164 assignments and the national regulators' plans: ARCEP, BIPT,
/// OFCOM CH, ILR, BNetzA, RTR, CNMC, AGCOM, ANACOM, ACM, Ofcom, ComReg, NANPA, ACMA) reduced to
/// prefixes and lengths. Rules are tried in order; the first one whose prefix matches decides.
/// </summary>
public static class PhoneNumberPlans
{
    private static PhoneRule R(PhoneLineType type, int min, int max, params string[] prefixes) => new(prefixes, min, max, type);
    private const PhoneLineType Mobile = PhoneLineType.Mobile;
    private const PhoneLineType Fixed = PhoneLineType.Fixed;
    private const PhoneLineType Other = PhoneLineType.Other;

    private static readonly PhoneRule[] NorthAmerica =
    [
        R(Other, 10, 10, "800", "833", "844", "855", "866", "877", "888", "900"),
        R(PhoneLineType.FixedOrMobile, 10, 10, "[2-9]XX[2-9]"),
    ];

    public static IReadOnlyDictionary<string, PhoneNumberPlan> ByCountry { get; } = new[]
    {
        new PhoneNumberPlan("FR", "33", "0", "00", [R(Mobile, 9, 9, "6", "7"), R(Other, 9, 9, "8"), R(Fixed, 9, 9, "1", "2", "3", "4", "5", "9")]),
        new PhoneNumberPlan("BE", "32", "0", "00", [R(Mobile, 9, 9, "4[5-9]"), R(Other, 8, 8, "70", "77", "78", "80", "90"), R(Fixed, 8, 8, "1", "2", "3", "4", "5", "6", "7", "8", "9")]),
        new PhoneNumberPlan("CH", "41", "0", "00", [R(Mobile, 9, 9, "7[5-9]"), R(Other, 9, 9, "800", "84", "90"), R(Fixed, 9, 9, "2", "3", "4", "5", "6", "8", "9")]),
        new PhoneNumberPlan("LU", "352", null, "00", [R(Mobile, 9, 9, "6"), R(Other, 8, 8, "80", "90"), R(Fixed, 4, 11, "2", "3", "4", "5", "7", "8", "9")]),
        new PhoneNumberPlan("MC", "377", null, "00", [R(Mobile, 9, 9, "6"), R(Mobile, 8, 8, "4"), R(Fixed, 8, 8, "8", "9")]),
        new PhoneNumberPlan("DE", "49", "0", "00", [R(Mobile, 10, 11, "15", "16", "17"), R(Other, 7, 12, "180", "700", "800", "900"), R(Fixed, 6, 11, "2", "3", "4", "5", "6", "7", "8", "9")]),
        new PhoneNumberPlan("AT", "43", "0", "00", [R(Mobile, 10, 13, "6[5-9]"), R(Other, 9, 13, "800", "810", "820", "821", "900", "930", "939"), R(Fixed, 6, 13, "1", "2", "3", "4", "5", "7")]),
        new PhoneNumberPlan("ES", "34", null, "00", [R(Mobile, 9, 9, "6", "7[1-9]"), R(Other, 9, 9, "80", "90"), R(Fixed, 9, 9, "8", "9")]),
        new PhoneNumberPlan("IT", "39", null, "00", [R(Fixed, 6, 11, "0"), R(Mobile, 9, 10, "3"), R(Other, 6, 10, "80", "89")]) { LeadingZeroIsPartOfNumber = true },
        new PhoneNumberPlan("PT", "351", null, "00", [R(Mobile, 9, 9, "9[1-3]", "96"), R(Fixed, 9, 9, "2"), R(Other, 9, 9, "30", "70", "80")]),
        new PhoneNumberPlan("NL", "31", "0", "00", [R(Mobile, 9, 9, "6[1-5]", "68"), R(Other, 7, 10, "800", "90"), R(Fixed, 9, 9, "1", "2", "3", "4", "5", "7", "8")]),
        new PhoneNumberPlan("GB", "44", "0", "00", [R(Mobile, 10, 10, "7[1-5]", "7[7-9]"), R(Other, 10, 10, "70", "76", "8", "9", "5"), R(Fixed, 9, 10, "1"), R(Fixed, 10, 10, "2", "3")]),
        new PhoneNumberPlan("IE", "353", "0", "00", [R(Mobile, 9, 9, "8[3-9]"), R(Other, 10, 10, "1800", "1850", "1890"), R(Fixed, 8, 8, "1"), R(Fixed, 7, 9, "2", "4", "5", "6", "7", "9")]),
        new PhoneNumberPlan("US", "1", "1", "011", NorthAmerica),
        new PhoneNumberPlan("CA", "1", "1", "011", NorthAmerica),
        new PhoneNumberPlan("AU", "61", "0", "0011", [R(Mobile, 9, 9, "4"), R(Other, 10, 10, "1300", "1800"), R(Other, 6, 6, "13"), R(Fixed, 9, 9, "2", "3", "7", "8")]),
    }.ToDictionary(p => p.Country, StringComparer.Ordinal);

    /// <summary>Canadian area codes: +1 numbers are filed under CA rather than US when their area code says so.</summary>
    public static IReadOnlySet<string> CanadianAreaCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "204", "226", "236", "249", "250", "257", "263", "289", "306", "343", "354", "365", "367", "368", "382", "387",
        "403", "416", "418", "428", "431", "437", "438", "450", "460", "468", "474", "506", "514", "519", "548",
        "579", "581", "584", "587", "600", "604", "613", "639", "647", "672", "683", "705", "709", "742", "753",
        "778", "780", "782", "807", "819", "825", "867", "873", "879", "902", "905", "942",
    };

    /// <summary>Plans by calling code; +1 resolves to the US plan, which is the same as Canada's.</summary>
    internal static IReadOnlyDictionary<string, PhoneNumberPlan> ByCallingCode { get; } =
        ByCountry.Values.Where(p => p.Country != "CA").ToDictionary(p => p.CallingCode, StringComparer.Ordinal);
}

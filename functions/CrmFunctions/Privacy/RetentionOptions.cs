using System.Globalization;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// How long personal data is kept, from the Privacy section: Privacy__RawRetentionDays for the raw archive,
/// Privacy__FactRetentionDays for the e-mails, phones, comments and links of fact rows. Checked at start-up: a value
/// out of range stops the app, named, rather than deleting too much at the first sweep.
/// </summary>
public sealed class RetentionOptions
{
    public const int DefaultRawRetentionDays = 365;
    public const int DefaultFactRetentionDays = 1095;

    /// <summary>A replay or an audit of a recent delivery needs its payload: a month at least.</summary>
    public const int MinimumRawRetentionDays = 30;

    /// <summary>Ten years: beyond it a value is a typo, not a policy.</summary>
    public const int MaximumRetentionDays = 3650;

    public int RawRetentionDays { get; set; } = DefaultRawRetentionDays;

    public int FactRetentionDays { get; set; } = DefaultFactRetentionDays;

    // Text that is no whole number is reported with the other problems, named, not as a bare conversion error; the
    // default stands in for it meanwhile, so it is not reported twice.
    private readonly List<string> unreadable = [];

    public static void Read(IConfiguration configuration, RetentionOptions options)
    {
        options.RawRetentionDays = Days(configuration, SettingNames.PrivacyRawRetentionDays, options.RawRetentionDays, options.unreadable);
        options.FactRetentionDays = Days(configuration, SettingNames.PrivacyFactRetentionDays, options.FactRetentionDays, options.unreadable);
    }

    public IEnumerable<string> Problems()
    {
        foreach (var problem in unreadable) yield return problem;
        if (OutOfRange(SettingNames.PrivacyRawRetentionDays, RawRetentionDays, MinimumRawRetentionDays) is { } raw) yield return raw;
        if (OutOfRange(SettingNames.PrivacyFactRetentionDays, FactRetentionDays, 1) is { } facts) yield return facts;
    }

    private static string? OutOfRange(string setting, int days, int minimum) =>
        days >= minimum && days <= MaximumRetentionDays
            ? null
            : $"{setting} must be a number of days from {minimum} to {MaximumRetentionDays} (it is {days}).";

    private static int Days(IConfiguration configuration, string setting, int fallback, List<string> unreadable)
    {
        if (SettingKeys.Read(configuration, setting) is not { } text) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)) return days;
        unreadable.Add($"{setting} must be a whole number of days (it is '{text}').");
        return fallback;
    }
}

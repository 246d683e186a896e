namespace CrmFunctions.Core.Enrichment;

/// <summary>
/// Every rule of enrichment, with defaults drawn from common hotel CRM practice. Plain records with
/// init properties so they bind from configuration (section "Enrichment"); dictionaries merge with
/// the defaults key by key, so configuration can change one rule or add one without restating the rest.
/// </summary>
public sealed record EnrichmentOptions
{
    public NpsOptions Nps { get; init; } = new();
    public StayOptions Stays { get; init; } = new();
    public SegmentationOptions Segmentation { get; init; } = new();
    public LoyaltyOptions Loyalty { get; init; } = new();
    public EmailDomainOptions EmailDomains { get; init; } = new();
    public LanguageOptions Languages { get; init; } = new();
    public CompletenessOptions Completeness { get; init; } = new();
    public CommentLexiconOptions Comments { get; init; } = new();
    public TriggerOptions Triggers { get; init; } = new();

    public static EnrichmentOptions Default { get; } = new();
}

/// <summary>The standard NPS bands: 9–10 promoters, 0–6 detractors, the rest passives.</summary>
public sealed record NpsOptions
{
    public int PromoterMin { get; init; } = 9;
    public int DetractorMax { get; init; } = 6;
}

public sealed record StayOptions
{
    /// <summary>Currency revenue is summed in.</summary>
    public string ReportingCurrency { get; init; } = "EUR";

    /// <summary>
    /// Units of reporting currency per unit of another currency. A stay in a currency without a rate
    /// counts in stays and nights but not in revenue: a wrong figure is worse than a missing one.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> CurrencyRates { get; init; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = 1m, ["CHF"] = 1.05m, ["GBP"] = 1.17m, ["USD"] = 0.92m, ["CAD"] = 0.66m, ["AUD"] = 0.6m,
    };

    /// <summary>Frequency is the number of stays that ended within this many days.</summary>
    public int FrequencyWindowDays { get; init; } = 730;
}

/// <summary>
/// One segment rule: a guest is in the segment when every condition given holds. Rules are tried by
/// ascending <see cref="Order"/>; the first that holds names the segment.
/// </summary>
public sealed record SegmentRule
{
    public int Order { get; init; }
    /// <summary>Total stays at least / at most.</summary>
    public int? MinStays { get; init; }
    public int? MaxStays { get; init; }
    /// <summary>Stays within the frequency window at least.</summary>
    public int? MinFrequency { get; init; }
    /// <summary>Days since the last departure at least / at most.</summary>
    public int? MinRecencyDays { get; init; }
    public int? MaxRecencyDays { get; init; }
    /// <summary>Total revenue in reporting currency at least.</summary>
    public decimal? MinRevenue { get; init; }
}

public sealed record SegmentationOptions
{
    /// <summary>Segment name → rule. Configuration may change a rule by its name or add rules.</summary>
    public IReadOnlyDictionary<string, SegmentRule> Rules { get; init; } = new Dictionary<string, SegmentRule>(StringComparer.Ordinal)
    {
        [Segments.Prospect] = new() { Order = 10, MaxStays = 0 },
        [Segments.Lost] = new() { Order = 20, MinStays = 1, MinRecencyDays = 730 },
        [Segments.AtRisk] = new() { Order = 30, MinStays = 2, MinRecencyDays = 365 },
        [Segments.Champion] = new() { Order = 40, MinFrequency = 4, MaxRecencyDays = 365, MinRevenue = 2000m },
        [Segments.Loyal] = new() { Order = 50, MinFrequency = 3, MaxRecencyDays = 365 },
        [Segments.New] = new() { Order = 60, MaxStays = 1, MaxRecencyDays = 180 },
        [Segments.OneTime] = new() { Order = 70, MaxStays = 1 },
    };

    /// <summary>The segment of a guest no rule describes.</summary>
    public string Fallback { get; init; } = Segments.Occasional;

    // Lists given in configuration are appended to a default list by the binder, so the bands default to
    // null and are resolved here: a configured band list replaces the default one whole.
    public static readonly IReadOnlyList<int> DefaultRecencyDays = [90, 180, 365, 730];
    public static readonly IReadOnlyList<int> DefaultFrequencyStays = [2, 3, 5, 8];
    public static readonly IReadOnlyList<decimal> DefaultMonetaryRevenue = [300m, 800m, 2000m, 5000m];

    /// <summary>RFM score bands, each 1–5. Recency: days at most for 5, 4, 3, 2 (beyond the last: 1). Default 90, 180, 365, 730.</summary>
    public IReadOnlyList<int>? RecencyDays { get; init; }
    /// <summary>Frequency: stays in the window at least for 2, 3, 4, 5. Default 2, 3, 5, 8.</summary>
    public IReadOnlyList<int>? FrequencyStays { get; init; }
    /// <summary>Monetary: total revenue at least for 2, 3, 4, 5. Default 300, 800, 2000, 5000.</summary>
    public IReadOnlyList<decimal>? MonetaryRevenue { get; init; }

    /// <summary>Weights of R, F and M in the 0–100 value score.</summary>
    public double RecencyWeight { get; init; } = 0.3;
    public double FrequencyWeight { get; init; } = 0.3;
    public double MonetaryWeight { get; init; } = 0.4;
}

/// <summary>Segment names of the default rules.</summary>
public static class Segments
{
    public const string Prospect = "prospect";
    public const string New = "new";
    public const string OneTime = "one-time";
    public const string Occasional = "occasional";
    public const string Loyal = "loyal";
    public const string Champion = "champion";
    public const string AtRisk = "at-risk";
    public const string Lost = "lost";
}

/// <summary>Tiers by room nights over a rolling window, the way hotel loyalty programmes count.</summary>
public sealed record LoyaltyOptions
{
    public int WindowDays { get; init; } = 365;
    /// <summary>Tier → room nights in the window at least. The highest tier reached wins.</summary>
    public IReadOnlyDictionary<string, int> TierNights { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["platinum"] = 50, ["gold"] = 25, ["silver"] = 10, ["bronze"] = 1,
    };
    public string NoTier { get; init; } = "none";
}

public sealed record EmailDomainOptions
{
    /// <summary>Consumer mailbox providers; any other real domain is read as a business address.</summary>
    public IReadOnlyList<string> PersonalDomains { get; init; } =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "yahoo.co.uk", "yahoo.de", "yahoo.es", "yahoo.it", "ymail.com",
        "hotmail.com", "hotmail.fr", "hotmail.co.uk", "hotmail.de", "hotmail.es", "hotmail.it", "outlook.com", "outlook.fr",
        "live.com", "live.fr", "live.co.uk", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "aol.fr", "protonmail.com",
        "proton.me", "gmx.com", "gmx.de", "gmx.fr", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de", "orange.fr",
        "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "numericable.fr", "skynet.be", "telenet.be",
        "bluewin.ch", "pt.lu", "libero.it", "virgilio.it", "tiscali.it", "alice.it", "sapo.pt", "telefonica.net", "ziggo.nl",
        "kpnmail.nl", "btinternet.com", "sky.com", "virginmedia.com", "eircom.net", "comcast.net", "verizon.net", "att.net",
        "shaw.ca", "rogers.com", "sympatico.ca", "bigpond.com", "optusnet.com.au", "mail.com", "yandex.com", "zoho.com",
    ];
}

public sealed record LanguageOptions
{
    public static readonly IReadOnlyList<string> DefaultSupported = ["fr", "en", "de", "es", "it", "nl", "pt"];

    /// <summary>Languages the templates exist in (default fr, en, de, es, it, nl, pt); any other preference falls back to <see cref="Default"/>.</summary>
    public IReadOnlyList<string>? Supported { get; init; }
    public string Default { get; init; } = "en";
    /// <summary>Language guessed from the country of residence when the guest never said.</summary>
    public IReadOnlyDictionary<string, string> ByCountry { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["FR"] = "fr", ["BE"] = "fr", ["LU"] = "fr", ["MC"] = "fr", ["CH"] = "fr", ["DE"] = "de", ["AT"] = "de",
        ["ES"] = "es", ["IT"] = "it", ["PT"] = "pt", ["NL"] = "nl", ["GB"] = "en", ["IE"] = "en", ["US"] = "en",
        ["CA"] = "en", ["AU"] = "en",
    };
}

/// <summary>Points per piece of contact data; the completeness score is the share of points present, 0–100.</summary>
public sealed record CompletenessOptions
{
    public IReadOnlyDictionary<string, int> Weights { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [CompletenessFields.GivenName] = 10, [CompletenessFields.FamilyName] = 10, [CompletenessFields.Email] = 20,
        [CompletenessFields.Phone] = 15, [CompletenessFields.Address] = 15, [CompletenessFields.BirthDate] = 10,
        [CompletenessFields.Country] = 5, [CompletenessFields.Language] = 5, [CompletenessFields.Consent] = 10,
    };
}

public static class CompletenessFields
{
    public const string GivenName = "givenName";
    public const string FamilyName = "familyName";
    /// <summary>A usable e-mail: not disposable, not a placeholder.</summary>
    public const string Email = "email";
    public const string Phone = "phone";
    /// <summary>Postcode and city, or a street.</summary>
    public const string Address = "address";
    public const string BirthDate = "birthDate";
    public const string Country = "country";
    public const string Language = "language";
    /// <summary>A consent statement, either way, for e-mail or SMS.</summary>
    public const string Consent = "consent";
}

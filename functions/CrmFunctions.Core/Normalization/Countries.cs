namespace CrmFunctions.Core.Normalization;

/// <summary>
/// Country names (English, French, native, common variants), alpha-3 and alpha-2 codes → ISO 3166-1 alpha-2.
/// Names are compared folded ("Deutschland", "ALLEMAGNE", "Österreich" all resolve).
/// </summary>
public static class Countries
{
    // code | alpha-3 | names...
    private static readonly string[] Table =
    [
        "FR|FRA|France|Republique francaise|French Republic",
        "BE|BEL|Belgium|Belgique|Belgie|Belgien|Belgio|Belgica",
        "CH|CHE|Switzerland|Suisse|Schweiz|Svizzera|Suiza|Confederation suisse",
        "LU|LUX|Luxembourg|Luxemburg|Letzebuerg|Lussemburgo|Luxemburgo",
        "MC|MCO|Monaco|Principaute de Monaco",
        "DE|DEU|Germany|Allemagne|Deutschland|Germania|Alemania|Alemanha|Duitsland|Bundesrepublik Deutschland",
        "AT|AUT|Austria|Autriche|Osterreich|Oesterreich",
        "ES|ESP|Spain|Espagne|Espana|Spanien|Spagna|Espanha",
        "IT|ITA|Italy|Italie|Italia|Italien",
        "PT|PRT|Portugal|Portogallo",
        "NL|NLD|Netherlands|The Netherlands|Pays-Bas|Pays Bas|Nederland|Holland|Hollande|Niederlande|Paesi Bassi|Paises Bajos",
        "GB|GBR|United Kingdom|UK|Great Britain|Royaume-Uni|Royaume Uni|Grande-Bretagne|Angleterre|England|Scotland|Ecosse|Wales|Pays de Galles|Northern Ireland|Vereinigtes Konigreich|Regno Unito|Reino Unido",
        "IE|IRL|Ireland|Irlande|Eire|Republic of Ireland|Irland|Irlanda",
        "US|USA|United States|United States of America|Etats-Unis|Etats Unis|America|Amerique|Vereinigte Staaten|Stati Uniti|Estados Unidos",
        "CA|CAN|Canada|Kanada",
        "AU|AUS|Australia|Australie|Australien",
        "NZ|NZL|New Zealand|Nouvelle-Zelande|Aotearoa",
        "DK|DNK|Denmark|Danemark|Danmark|Daenemark|Dinamarca",
        "SE|SWE|Sweden|Suede|Sverige|Schweden|Svezia|Suecia",
        "NO|NOR|Norway|Norvege|Norge|Norwegen|Norvegia|Noruega",
        "FI|FIN|Finland|Finlande|Suomi|Finnland|Finlandia",
        "IS|ISL|Iceland|Islande|Island",
        "PL|POL|Poland|Pologne|Polska|Polen|Polonia",
        "CZ|CZE|Czechia|Czech Republic|Republique tcheque|Tchequie|Cesko|Tschechien",
        "SK|SVK|Slovakia|Slovaquie|Slovensko|Slowakei",
        "HU|HUN|Hungary|Hongrie|Magyarorszag|Ungarn",
        "RO|ROU|Romania|Roumanie|Rumanien",
        "BG|BGR|Bulgaria|Bulgarie|Bulgarien",
        "GR|GRC|Greece|Grece|Ellada|Hellas|Griechenland|Grecia",
        "HR|HRV|Croatia|Croatie|Hrvatska|Kroatien",
        "SI|SVN|Slovenia|Slovenie|Slovenija|Slowenien",
        "RS|SRB|Serbia|Serbie|Srbija",
        "EE|EST|Estonia|Estonie|Eesti",
        "LV|LVA|Latvia|Lettonie|Latvija",
        "LT|LTU|Lithuania|Lituanie|Lietuva",
        "CY|CYP|Cyprus|Chypre",
        "MT|MLT|Malta|Malte",
        "AD|AND|Andorra|Andorre",
        "LI|LIE|Liechtenstein",
        "SM|SMR|San Marino|Saint-Marin",
        "VA|VAT|Vatican|Holy See|Saint-Siege|Cite du Vatican",
        "UA|UKR|Ukraine|Ukraina",
        "RU|RUS|Russia|Russie|Russian Federation|Rossiya|Russland",
        "TR|TUR|Turkey|Turquie|Turkiye|Turkei",
        "IL|ISR|Israel",
        "MA|MAR|Morocco|Maroc",
        "DZ|DZA|Algeria|Algerie",
        "TN|TUN|Tunisia|Tunisie",
        "SN|SEN|Senegal",
        "CI|CIV|Ivory Coast|Cote d'Ivoire|Cote divoire",
        "ZA|ZAF|South Africa|Afrique du Sud",
        "EG|EGY|Egypt|Egypte",
        "AE|ARE|United Arab Emirates|Emirats arabes unis|UAE",
        "SA|SAU|Saudi Arabia|Arabie saoudite",
        "QA|QAT|Qatar",
        "IN|IND|India|Inde",
        "CN|CHN|China|Chine|Zhongguo",
        "JP|JPN|Japan|Japon|Nippon|Nihon",
        "KR|KOR|South Korea|Korea|Coree du Sud|Republic of Korea",
        "SG|SGP|Singapore|Singapour",
        "HK|HKG|Hong Kong",
        "TH|THA|Thailand|Thailande",
        "BR|BRA|Brazil|Bresil|Brasil",
        "AR|ARG|Argentina|Argentine",
        "MX|MEX|Mexico|Mexique",
        "CL|CHL|Chile|Chili",
        "CO|COL|Colombia|Colombie",
        "PE|PER|Peru|Perou",
        "RE|REU|Reunion|La Reunion",
        "GP|GLP|Guadeloupe",
        "MQ|MTQ|Martinique",
        "GF|GUF|French Guiana|Guyane|Guyane francaise",
        "YT|MYT|Mayotte",
        "NC|NCL|New Caledonia|Nouvelle-Caledonie",
        "PF|PYF|French Polynesia|Polynesie francaise",
    ];

    private static readonly IReadOnlyDictionary<string, string> ByFoldedName = BuildIndex();

    public static IReadOnlyCollection<string> KnownCodes { get; } = Table.Select(r => r[..2]).ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, string> BuildIndex()
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Table)
        {
            var parts = row.Split('|');
            foreach (var name in parts) index.TryAdd(Text.Fold(name), parts[0]);
        }
        return index;
    }

    /// <summary>The alpha-2 code for a code or a name, or null when it is not a country we know.</summary>
    public static string? ToAlpha2(string? value)
    {
        var folded = Text.Fold(value);
        if (folded.Length == 0) return null;
        if (ByFoldedName.TryGetValue(folded, out var code)) return code;
        // "the Netherlands", "République Française": drop a leading article and retry.
        foreach (var article in new[] { "the ", "la ", "le ", "les ", "l " })
        {
            if (folded.StartsWith(article, StringComparison.Ordinal) && ByFoldedName.TryGetValue(folded[article.Length..], out code))
                return code;
        }
        return null;
    }
}

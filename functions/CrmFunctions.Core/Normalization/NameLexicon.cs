namespace CrmFunctions.Core.Normalization;

/// <summary>Word lists the name normalizer relies on; replaceable per deployment through <see cref="NormalizationOptions"/>.</summary>
public sealed record NameLexicon
{
    /// <summary>Lowercase particles of family names ("de la Tour", "van der Berg").</summary>
    public required IReadOnlySet<string> Particles { get; init; }

    /// <summary>Honorific as written (lowercase, without the final dot) → canonical form.</summary>
    public required IReadOnlyDictionary<string, string> Honorifics { get; init; }

    /// <summary>Lowercase names where "Mac" is followed by a capital (MacDonald) — "Mack" and "Macy" are not.</summary>
    public required IReadOnlySet<string> MacNames { get; init; }

    /// <summary>Folded common given names: tells a given name from a family name when the order is in doubt.</summary>
    public required IReadOnlySet<string> GivenNames { get; init; }

    public static NameLexicon Default { get; } = new()
    {
        Particles = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "de", "du", "des", "la", "le", "d'", "l'", "van", "von", "der", "den", "ter", "ten", "zu", "zum", "zur",
            "di", "da", "del", "della", "dello", "degli", "dos", "das", "do", "y", "e", "af", "av", "vom", "het", "te",
        },
        Honorifics = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["m"] = "M.", ["mr"] = "Mr", ["monsieur"] = "M.", ["mme"] = "Mme", ["madame"] = "Mme",
            ["mlle"] = "Mlle", ["mademoiselle"] = "Mlle", ["mrs"] = "Mrs", ["ms"] = "Ms", ["miss"] = "Miss",
            ["dr"] = "Dr", ["doctor"] = "Dr", ["docteur"] = "Dr", ["herr"] = "Herr", ["frau"] = "Frau",
            ["sr"] = "Sr", ["señor"] = "Sr", ["senor"] = "Sr", ["sra"] = "Sra", ["señora"] = "Sra", ["senora"] = "Sra",
            ["srta"] = "Srta", ["sig"] = "Sig.", ["sig.ra"] = "Sig.ra", ["prof"] = "Prof", ["me"] = "Me",
        },
        MacNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "macdonald", "macleod", "mackenzie", "macintosh", "macmillan", "macgregor", "macdougall", "macneil",
            "macarthur", "maclean", "macpherson", "macaulay", "macdonnell", "mackay", "maclachlan", "macfarlane",
        },
        GivenNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "jean", "marie", "pierre", "michel", "philippe", "alain", "nicolas", "christophe", "patrick", "francois",
            "jacques", "daniel", "laurent", "sophie", "isabelle", "nathalie", "catherine", "sylvie", "christine",
            "anne", "julie", "camille", "chloe", "emma", "lea", "manon", "louise", "lucas", "hugo", "louis",
            "gabriel", "jules", "arthur", "thomas", "antoine", "julien", "sebastien", "stephane", "olivier",
            "frederic", "vincent", "eric", "david", "emilie", "claire", "helene", "valerie", "sandrine", "celine",
            "aurelie", "caroline", "virginie", "elodie", "pauline", "mathilde", "charlotte", "alice", "ines",
            "john", "james", "robert", "michael", "william", "richard", "joseph", "charles", "christopher", "matthew",
            "anthony", "mark", "paul", "steven", "andrew", "kenneth", "george", "joshua", "kevin", "brian", "edward",
            "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
            "nancy", "lisa", "margaret", "betty", "sandra", "ashley", "dorothy", "kimberly", "emily", "donna",
            "hans", "peter", "klaus", "wolfgang", "jurgen", "dieter", "stefan", "andreas", "markus", "uwe",
            "ursula", "petra", "monika", "sabine", "andrea", "birgit", "karin", "heike", "jose", "antonio", "manuel",
            "francisco", "juan", "javier", "carmen", "maria", "ana", "laura", "lucia", "giuseppe", "giovanni",
            "marco", "luca", "francesco", "alessandro", "giulia", "francesca", "chiara", "joao", "pedro", "jan",
            "pieter", "johan", "sean", "patrick", "siobhan", "aoife", "oliver", "jack", "harry", "olivia", "amelia",
        },
    };
}

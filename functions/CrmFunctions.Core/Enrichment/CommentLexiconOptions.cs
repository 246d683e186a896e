namespace CrmFunctions.Core.Enrichment;

/// <summary>
/// The words of one topic. A term is one or more words, written as a guest would (accents and case do not
/// matter); a word ending in "*" matches any word it begins (at least three letters before the star).
/// </summary>
public sealed record TopicTerms
{
    /// <summary>Words that name the topic without judging it ("petit déjeuner", "wifi"): the clause's tone decides.</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];
    /// <summary>Words that praise the topic by themselves ("propre", "spotless", "calme").</summary>
    public IReadOnlyList<string> Positive { get; init; } = [];
    /// <summary>Words that blame the topic by themselves ("sale", "noisy", "trop cher").</summary>
    public IReadOnlyList<string> Negative { get; init; } = [];
}

/// <summary>
/// French and English lexicons for survey comments. <see cref="AdditionalTopics"/>, <see cref="AdditionalPositive"/>,
/// <see cref="AdditionalNegative"/> and <see cref="AdditionalNegators"/> extend the defaults from configuration
/// (a topic already known gets the extra terms; a new name adds a topic) without restating them.
/// </summary>
public sealed record CommentLexiconOptions
{
    public IReadOnlyDictionary<string, TopicTerms> Topics { get; init; } = CommentTopicsDefaults.Topics;
    public IReadOnlyDictionary<string, TopicTerms> AdditionalTopics { get; init; } = new Dictionary<string, TopicTerms>(StringComparer.Ordinal);

    /// <summary>Tone words about no topic in particular.</summary>
    public IReadOnlyList<string> Positive { get; init; } = CommentTopicsDefaults.Positive;
    public IReadOnlyList<string> Negative { get; init; } = CommentTopicsDefaults.Negative;
    public IReadOnlyList<string> AdditionalPositive { get; init; } = [];
    public IReadOnlyList<string> AdditionalNegative { get; init; } = [];

    /// <summary>Words that turn the next words around ("pas propre", "not clean", "n'était pas propre", "no noise").</summary>
    public IReadOnlyList<string> Negators { get; init; } =
        ["ne", "n", "pas", "jamais", "aucun", "aucune", "rien", "sans", "guere", "ni", "not", "no", "never", "nothing", "none", "nor", "neither", "without", "hardly", "barely"];
    public IReadOnlyList<string> AdditionalNegators { get; init; } = [];

    /// <summary>How many words before a term a negator still reaches (within one part of a sentence).</summary>
    public int NegationWindow { get; init; } = 3;

    /// <summary>Words that start a new clause: the tone of one side says nothing about topics on the other.</summary>
    public IReadOnlyList<string> ClauseBreaks { get; init; } =
        ["mais", "but", "however", "cependant", "pourtant", "toutefois", "although", "though", "sauf", "except", "whereas", "tandis", "revanche"];
}

/// <summary>The topics of a stay guests write about, irritants and enchantment points alike.</summary>
public static class CommentTopics
{
    public const string Cleanliness = "cleanliness";
    public const string Noise = "noise";
    public const string Staff = "staff";
    public const string Welcome = "welcome";
    public const string Breakfast = "breakfast";
    public const string CheckInWait = "check-in-wait";
    public const string RoomComfort = "room-comfort";
    public const string Bed = "bed";
    public const string Bathroom = "bathroom";
    public const string Wifi = "wifi";
    public const string Parking = "parking";
    public const string PriceValue = "price-value";
    public const string Location = "location";
    public const string Food = "food";
    public const string Facilities = "facilities";
}

internal static class CommentTopicsDefaults
{
    private static TopicTerms T(string[] mentions, string[] positive, string[] negative) =>
        new() { Mentions = mentions, Positive = positive, Negative = negative };

    public static readonly IReadOnlyDictionary<string, TopicTerms> Topics = new Dictionary<string, TopicTerms>(StringComparer.Ordinal)
    {
        [CommentTopics.Cleanliness] = T(
            ["propreté", "ménage", "hygiène", "housekeeping", "cleanliness", "cleaning", "hygiene"],
            ["propre*", "impeccable*", "nickel", "clean", "cleaned", "spotless", "immaculate"],
            ["sale", "sales", "saleté*", "crasse*", "crasseu*", "poussière*", "poussiéreu*", "tache*", "cheveu*", "moisi*", "odeur*", "puant*", "cafard*",
             "dirty", "dust*", "stain*", "hair", "hairs", "mould*", "mold*", "smell*", "stink*", "filthy", "grimy", "unclean", "cockroach*"]),
        [CommentTopics.Noise] = T(
            ["insonorisation", "isolation phonique", "soundproof*"],
            ["calme", "calmes", "tranquille*", "silencieu*", "quiet*", "peaceful", "silent"],
            ["bruit", "bruits", "bruyant*", "travaux", "murs fins", "cloisons fines", "noise", "noises", "noisy", "loud", "thin walls", "construction work*"]),
        [CommentTopics.Staff] = T(
            ["personnel", "équipe", "employé*", "serveur*", "serveuse*", "concierge*", "réceptionniste*", "staff", "team", "employee*", "waiter*", "waitress*", "housekeeper*", "manager*"],
            ["aimable*", "souriant*", "serviable*", "sympathique*", "sympa", "attentionn*", "professionnel*", "courtois*", "gentil*", "disponible*",
             "friendly", "helpful", "attentive", "courteous", "polite", "professional", "kind", "smiling"],
            ["désagréable*", "impoli*", "arrogant*", "incompétent*", "méprisant*", "rude", "unfriendly", "unhelpful", "impolite", "unprofessional", "incompetent"]),
        [CommentTopics.Welcome] = T(
            ["accueil", "réception", "welcome", "welcomed", "greeted", "greeting", "reception", "front desk"],
            ["accueillant*", "chaleureu*", "bien accueilli*", "warm welcome", "warmly", "welcoming"],
            ["mal accueilli*", "accueil glacial", "unwelcoming", "cold welcome"]),
        [CommentTopics.Breakfast] = T(
            ["petit déjeuner", "petits déjeuners", "petit déj", "petit dej", "breakfast*", "buffet*", "brunch", "croissant*", "viennoiserie*"],
            ["copieu*"],
            []),
        [CommentTopics.CheckInWait] = T(
            ["check in", "checkin", "check out", "checkout", "enregistrement", "arrivée"],
            ["prête", "prêt", "ready"],
            ["attente", "attendre", "attendu", "file d attente", "queue", "queued", "queuing", "waited", "waiting", "wait"]),
        [CommentTopics.RoomComfort] = T(
            ["climatisation", "clim", "chauffage", "air con", "air conditioning", "aircon", "heating"],
            ["confortable*", "spacieu*", "douillet*", "comfortable", "comfy", "spacious", "cosy", "cozy"],
            ["inconfortable*", "exigu*", "minuscule*", "vétuste*", "défraîchi*", "trop petit*", "trop chaud*", "trop froid*", "uncomfortable",
             "cramped", "tiny", "too small", "dated", "shabby", "run down", "too hot", "too cold", "freezing"]),
        [CommentTopics.Bed] = T(
            ["lit", "lits", "literie", "matelas", "oreiller*", "couette", "bed", "beds", "bedding", "mattress*", "pillow*", "duvet"],
            ["bien dormi", "slept well", "good night s sleep", "great night s sleep"],
            ["mal dormi", "pas dormi", "pas pu dormir", "grince*", "affaissé*", "punaise*", "slept badly", "not sleep*", "squeak*", "sagging", "lumpy", "bed bug*", "bedbug*"]),
        [CommentTopics.Bathroom] = T(
            ["salle de bain*", "salle d eau", "sèche cheveux", "hair dryer*", "hairdryer*", "douche*", "toilette*", "wc", "baignoire*", "lavabo*", "bathroom*", "shower*", "toilet*", "bathtub*", "bath"],
            [],
            ["fuite*", "bouché*", "eau froide", "pas d eau chaude", "leak*", "clogged", "blocked", "cold water", "no hot water"]),
        [CommentTopics.Wifi] = T(
            ["wifi", "wi fi", "internet", "connexion", "réseau", "connection", "wlan"],
            [],
            ["déconnect*", "disconnect*", "instable", "unstable", "no signal"]),
        [CommentTopics.Parking] = T(
            ["parking*", "stationnement", "garer", "garage", "car park", "carpark", "valet"],
            [],
            []),
        [CommentTopics.PriceValue] = T(
            ["prix", "tarif*", "rapport qualité prix", "qualité prix", "price*", "room rate", "value", "bill", "cost"],
            ["bon rapport qualité prix", "abordable*", "raisonnable*", "bon marché", "good value", "great value", "value for money", "reasonabl*", "affordable", "cheap"],
            ["cher", "chère", "chers", "chères", "hors de prix", "trop cher*", "arnaque*", "excessi*", "payant*", "supplément*",
             "expensive", "overpriced", "pricey", "rip off", "overcharg*", "extra charge*", "hidden fee*"]),
        [CommentTopics.Location] = T(
            ["emplacement", "situation", "localisation", "quartier", "location", "situated", "located", "neighbourhood", "neighborhood", "area"],
            ["bien situé*", "idéalement situé*", "bien placé*", "central*", "proche de tout", "well located", "ideally located", "great location", "close to everything", "walking distance"],
            ["mal situé*", "mal placé*", "loin de tout", "excentré*", "far from everything", "far from the centre", "far from the center"]),
        [CommentTopics.Food] = T(
            ["restaurant*", "dîner", "repas", "cuisine", "plat", "plats", "dinner", "lunch", "meal*", "food", "dish*", "menu"],
            ["délicieu*", "savoureu*", "delicious", "tasty"],
            ["immangeable*", "fade", "inedible", "tasteless", "bland"]),
        [CommentTopics.Facilities] = T(
            ["piscine*", "spa", "sauna", "salle de sport", "ascenseur*", "pool", "gym", "fitness", "lift", "elevator*"],
            [],
            ["hors service", "out of order"]),
    };

    public static readonly IReadOnlyList<string> Positive =
    [
        "bien", "bon", "bonne", "bons", "bonnes", "super", "excellent*", "parfait*", "génial*", "geniale*", "magnifique*", "merveilleu*", "formidable*",
        "agréable*", "top", "au top", "ravi*", "enchanté*", "satisfait*", "content*", "adoré*", "aimé*", "apprécié*", "recommand*", "beau", "belle",
        "joli*", "adorable*", "bravo", "merci", "rapide*", "efficace*", "fonctionn*", "pas mal", "rien à redire", "rien à dire", "aucun problème", "aucun souci", "sans souci",
        "good", "great", "perfect*", "amazing", "awesome", "wonderful", "lovely", "nice", "fantastic", "fabulous", "superb", "outstanding", "exceptional",
        "brilliant", "beautiful", "pleasant", "recommend*", "enjoy*", "love", "loved", "happy", "delighted", "impressed", "best", "quick*", "fast", "efficient*",
        "thank*", "no problem*", "no complaint*", "nothing to complain about", "well done",
    ];

    public static readonly IReadOnlyList<string> Negative =
    [
        "mauvais*", "mal", "décevant*", "déçu*", "déception*", "horrible*", "affreu*", "nul", "nulle", "nuls", "nulles", "catastroph*", "inadmissible*",
        "inacceptable*", "lamentable*", "médiocre*", "insuffisant*", "dommage", "problème*", "souci*", "panne*", "cassé*", "lent", "lente", "lents", "lentes",
        "faible*", "pas terrible", "à éviter", "plus jamais", "désastreu*", "déplorable*", "scandaleu*", "laisse à désirer", "regrett*",
        "bad", "terrible", "horrible", "awful", "poor*", "disappointing", "disappointed", "disappointment", "worst", "mediocre", "unacceptable", "appalling",
        "dreadful", "disgusting", "nightmare", "broken", "slow*", "weak", "problem*", "issue*", "complain*", "annoying", "unpleasant", "never again",
        "avoid", "overrated", "not work*", "did not work", "out of order",
    ];
}

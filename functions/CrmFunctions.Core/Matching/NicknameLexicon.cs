using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Matching;

/// <summary>
/// Given names that name the same person ("Bill"/"William", "Manu"/"Emmanuel"), for the languages of the
/// guests: English, French, German, Italian, Spanish, Dutch and Portuguese. Names are looked up folded and
/// compact ("Jean-Baptiste" is "jeanbaptiste").
/// </summary>
public sealed class NicknameLexicon
{
    private readonly IReadOnlyDictionary<string, IReadOnlySet<int>> groupsByName;

    public NicknameLexicon(IEnumerable<IEnumerable<string>> groups)
    {
        var index = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var id = 0;
        foreach (var group in groups)
        {
            foreach (var name in group)
            {
                var key = Text.FoldCompact(name);
                if (!index.TryGetValue(key, out var set)) index[key] = set = [];
                set.Add(id);
            }
            id++;
        }
        groupsByName = index.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<int>)kv.Value, StringComparer.Ordinal);
    }

    public bool AreNicknames(string foldedA, string foldedB) =>
        groupsByName.TryGetValue(foldedA, out var a) && groupsByName.TryGetValue(foldedB, out var b) && a.Overlaps(b);

    public static NicknameLexicon Default { get; } = new(new[]
    {
        "william bill billy will willy liam", "robert bob bobby rob robbie bert", "elizabeth elisabeth liz lizzie beth betty eliza libby lisa babeth lise",
        "katherine catherine kathryn kate kathy cathy katie kat", "james jim jimmy jamie", "michael mike mick micky mickey",
        "thomas tom tommy", "richard rick dick rich ricky", "john jack johnny jon", "joseph joe joey", "charles charlie chuck chas",
        "edward ed eddie ted ned", "margaret maggie meg peggy marge madge", "alexander alex sandy alec", "alexandra alex sandra sandy lexie",
        "anthony tony antoine", "christopher chris kit", "christine chris chrissie christina kristina", "daniel dan danny",
        "david dave davy", "francis frank fran", "frances fran fanny", "patricia pat patty trish", "patrick pat paddy",
        "peter pete", "rebecca becky becca", "samuel sam sammy", "samantha sam sammie", "stephen steven steve stevie",
        "susan sue susie suzanne", "victoria vicky vicki tori", "jennifer jen jenny", "jessica jess jessie", "nicholas nick nicky",
        "matthew matt", "andrew andy drew", "benjamin ben benny", "gregory greg", "joshua josh", "kenneth ken kenny",
        "lawrence laurence larry laurie", "ronald ron ronnie", "timothy tim timmy", "zachary zach zack", "deborah debbie deb",
        "dorothy dot dottie", "eleanor ellie nell nora", "abigail abby", "harold harry hal", "henry harry hank", "jacqueline jackie",
        "frederic frederick fred freddy", "alfred fred alf", "maximilien max", "maxime max", "sebastien seb", "christophe chris",
        "stephane steph", "stephanie steph", "emmanuel manu", "emmanuelle manue", "isabelle isa", "jose pepe", "francisco paco pancho",
        "giuseppe peppe beppe", "johann hans", "johannes hans jan", "dominique dom", "nathalie natalie", "guillaume guigui",
        "jean-baptiste jb", "marie-christine marie-christine", "alberto beto", "roberto beto", "margarita rita", "teresa tess tessa",
        "valentin val", "valentine val", "madeline madeleine maddie maddy", "isabella bella izzy", "gabriel gabe", "gabrielle gaby",
        "jonathan jon jonny", "nathan nate", "nathaniel nate nat", "oliver ollie", "olivia liv livvy", "joshua josh",
        // French
        "christophe totoph", "francois francky fanfan", "nicolas nico", "alexandre alex", "guillaume gui",
        "jean-christophe jc", "jean-francois jf", "jean-marc jm", "jean-michel jm", "jean-luc jl", "philippe phil", "benoit ben",
        "julien juju", "mathieu matthieu matt", "catherine cathy cath", "veronique vero", "anne-sophie annso",
        "marie-therese maite", "florence flo", "florian flo", "aurelien aurel", "thibault thibaut tibo", "valerie val",
        "caroline caro", "charlotte lolotte", "elodie elo", "jacques jacquot jacky", "joseph jo jojo", "josephine josie jo",
        "gerard gege", "bernard nanard", "patrice pat", "pascale pascaline", "sylvain sylvou", "gabrielle gaby", "laurence lolo",
        // German
        "johannes hannes hans jan", "wolfgang wolf", "friedrich fritz", "alexander sascha", "katharina kathi katrin",
        "elisabeth liesel lies sisi", "margarete grete gretel", "matthias matze", "andreas andi", "thomas tommi",
        "michael michi", "stefanie steffi", "franziska franzi", "wilhelm willi", "heinrich heinz", "bernhard bernd",
        "ulrich uli", "susanne susi", "juergen jurgen jorg", "christian chris",
        // Italian
        "giuseppe pino", "giovanni gianni nanni", "francesco franco checco", "salvatore toto turi", "antonio tonino toni",
        "alessandro sandro ale", "roberto berto", "massimo max", "vincenzo enzo", "luigi gino", "domenico mimmo",
        "giuseppina pina", "francesca franci", "elisabetta betta", "margherita rita", "beatrice bice",
        // Spanish
        "francisco curro", "josefa pepa", "ignacio nacho", "manuel manolo", "guillermo guille", "enrique quique",
        "dolores lola", "concepcion concha conchita", "rosario charo", "consuelo chelo", "jesus chuy", "mercedes merche",
        "carmen mamen", "santiago santi", "fernando nando", "alejandro ale", "eduardo edu",
        // Dutch
        "willem wim", "hendrik henk", "cornelis kees", "gerardus gerard gert", "adrianus adri", "jacobus jaap koos",
        "petrus piet", "pieter piet", "johanna anna annie", "wilhelmina mien", "catharina toos",
        // Portuguese
        "joao joaozinho", "antonio toninho", "jose ze", "francisco chico", "manuel manel", "fernanda nanda", "sebastiao tiao",
    }.Select(g => g.Split(' ')));
}

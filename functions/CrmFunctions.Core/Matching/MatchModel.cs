namespace CrmFunctions.Core.Matching;

/// <summary>
/// m = P(level | same guest), u = P(level | different guests). The level's weight is log2(m/u):
/// positive when agreement is more likely among duplicates than by chance.
/// </summary>
public sealed record LevelProbability(double M, double U)
{
    public double Weight => Math.Log2(M / U);
}

/// <summary>A comparator with the m/u probabilities of each of its levels.</summary>
public sealed record FieldModel(IFieldComparator Comparator, IReadOnlyDictionary<string, LevelProbability> Probabilities, bool TermFrequencyAdjusted = false)
{
    public string Field => Comparator.Field;
}

/// <summary>Scores at or above <paramref name="AutoMerge"/> merge; from <paramref name="Review"/> up they are possible duplicates.</summary>
public sealed record MatchThresholds(double AutoMerge, double Review)
{
    public MatchThresholds Validate() => Review <= AutoMerge ? this : throw new ArgumentException("The review threshold must not exceed the auto-merge threshold.");
}

/// <summary>
/// Fellegi–Sunter model: the score of a pair is the sum of its fields' level weights (log2 Bayes
/// factors); a field missing on either side weighs nothing.
/// </summary>
public sealed record MatchModel
{
    public required IReadOnlyList<FieldModel> Fields { get; init; }
    public required MatchThresholds Thresholds { get; init; }

    /// <summary>
    /// Levels that stop an automatic merge whatever the score ("given_name:different"): two people of one
    /// household share a family name, an address, often an e-mail, and differ exactly there. Such pairs go to review.
    /// </summary>
    public IReadOnlyList<string> AutoMergeVetoes { get; init; } = ["given_name:" + Levels.Different, "given_name:" + Levels.Weak];

    /// <summary>
    /// Fields that belong to one person. When none of them agrees and the guest's own channel does not (another
    /// mailbox, another mobile), name and address alone do not merge the pair: a namesake at the same address (a
    /// father and son) differs exactly there. Such pairs go to review. A birth date or a customer number alone
    /// can differ by a slip of the keyboard; a mailbox or a mobile someone uses is not mistyped.
    /// </summary>
    public IReadOnlyList<string> PersonalFields { get; init; } = ["email", "phone", "birth_date", "external_id"];

    /// <summary>The personal fields whose disagreement alone stops an automatic merge (see <see cref="PersonalFields"/>).</summary>
    public IReadOnlyList<string> ChannelFields { get; init; } = ["email", "phone"];

    /// <summary>A veto stands only for a household: the family names agree (a different given name with a different family name is left to the score).</summary>
    public IReadOnlyList<string> HouseholdLevels { get; init; } =
        ["family_name:" + Levels.Exact, "family_name:" + Levels.Close, "family_name:" + Levels.Similar];

    /// <summary>Person-specific agreements that lift a veto: a household shares an address, not a birth date or a customer number.</summary>
    public IReadOnlyList<string> VetoOverrides { get; init; } =
    [
        "birth_date:" + Levels.Exact, "birth_date:" + Levels.OneEdit, "birth_date:" + Levels.DayMonthSwapped,
        "external_id:" + Levels.Exact, "external_id:" + Levels.OneEdit,
    ];

    /// <summary>
    /// Fields that only name the guest. A pair whose sole agreement is its names (every other field missing or
    /// disagreeing) is proposed for review only when those names were weighed by how common they are in the base
    /// (<see cref="TermFrequencies"/>) and still clear the review bar: with the built-in weights any shared full
    /// name would, and a base of a million guests holds a namesake for most of them.
    /// </summary>
    public IReadOnlyList<string> NameFields { get; init; } = ["given_name", "family_name"];

    /// <summary>
    /// Share of records per value of the term-frequency adjusted fields (field → value → share), learnt from the
    /// base by <c>model train</c>: a common name agreeing says less than a rare one. Values not listed are taken
    /// as rare as the rarest listed one.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> TermFrequencies { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);

    /// <summary>Floor for term-frequency u values: one rare misspelling must not outweigh everything else.</summary>
    public double MinimumTermFrequency { get; init; } = 1e-4;

    private static Dictionary<string, LevelProbability> P(params (string Level, double M, double U)[] levels) =>
        levels.ToDictionary(l => l.Level, l => new LevelProbability(l.M, l.U), StringComparer.Ordinal);

    /// <summary>
    /// Defaults from typical hotel data entry: m from error rates seen on guest records, u from the
    /// chance agreement of two random guests. Replace u with <see cref="UProbabilityEstimator"/> on real data.
    /// </summary>
    public static MatchModel Default { get; } = new()
    {
        Thresholds = new MatchThresholds(AutoMerge: 20, Review: 12),
        Fields =
        [
            new(new GivenNameComparator(), P(
                (Levels.Exact, 0.82, 0.01), (Levels.Nickname, 0.04, 0.0005),
                (Levels.Close, 0.08, 0.002), (Levels.Similar, 0.03, 0.008), (Levels.Initial, 0.015, 0.02), (Levels.Weak, 0.012, 0.03), (Levels.Different, 0.003, 0.9294)), TermFrequencyAdjusted: true),
            new(new FamilyNameComparator(), P(
                (Levels.Exact, 0.86, 0.002), (Levels.Close, 0.08, 0.001),
                (Levels.Similar, 0.03, 0.006), (Levels.Weak, 0.02, 0.04), (Levels.Different, 0.01, 0.9509)), TermFrequencyAdjusted: true),
            new(new BirthDateComparator(), P(
                (Levels.Exact, 0.86, 0.0003), (Levels.DayMonthSwapped, 0.02, 0.00003), (Levels.OneEdit, 0.06, 0.002),
                (Levels.OnePartDiffers, 0.03, 0.01), (Levels.Different, 0.03, 0.98767))),
            new(SharedValueComparator.Email(), P((Levels.Exact, 0.88, 0.00001), (Levels.Different, 0.12, 0.99999))),
            new(SharedValueComparator.Phone(), P((Levels.Exact, 0.9, 0.00002), (Levels.Different, 0.1, 0.99998))),
            new(new ExternalIdComparator(), P((Levels.Exact, 0.85, 0.00001), (Levels.OneEdit, 0.07, 0.0001), (Levels.Different, 0.08, 0.99989))),
            new(new AddressComparator(), P(
                (Levels.Exact, 0.6, 0.0001), (Levels.Close, 0.1, 0.0002), (Levels.MostlySame, 0.1, 0.001), (Levels.SameLocality, 0.1, 0.01),
                (Levels.OtherStreet, 0.04, 0.005), (Levels.Similar, 0.03, 0.03), (Levels.Different, 0.03, 0.9537))),
        ],
    };

    /// <summary>A copy with the u of every level replaced where <paramref name="u"/> gives one (field → level → u).</summary>
    public MatchModel WithU(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> u) => this with
    {
        Fields = Fields.Select(f => !u.TryGetValue(f.Field, out var levels) ? f : f with
        {
            Probabilities = f.Probabilities.ToDictionary(
                kv => kv.Key,
                kv => levels.TryGetValue(kv.Key, out var value) ? kv.Value with { U = value } : kv.Value,
                StringComparer.Ordinal),
        }).ToList(),
    };
}

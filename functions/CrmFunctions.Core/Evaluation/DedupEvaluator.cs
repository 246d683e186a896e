using System.Diagnostics;
using System.Globalization;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Evaluation;

/// <summary>One record to deduplicate: its fields by <see cref="FieldMapping.KnownFields"/> name and the entity it truly belongs to.</summary>
public sealed record EvalRecord(string RecordId, string EntityId, IReadOnlyDictionary<string, string> Fields);

/// <summary>Pairwise figures: a pair is found when both records end in one golden record.</summary>
public sealed record DedupMetrics(double Precision, double Recall, double F1, long TruePairs, long FoundPairs, long CorrectPairs, int Records, double Seconds)
{
    public string ToSummaryLine() => string.Create(CultureInfo.InvariantCulture,
        $"precision={Precision:F4} recall={Recall:F4} f1={F1:F4} true_pairs={TruePairs} found_pairs={FoundPairs} records={Records} seconds={Seconds:F2}");
}

public sealed record EvaluatorSettings
{
    public MatchModel Model { get; init; } = MatchModel.Default;
    public MatchThresholds? Thresholds { get; init; }
    public string? DefaultCountry { get; init; }
    public required DateOnly Today { get; init; }
    /// <summary>Replace the model's u by estimates from random pairs of the records, and weigh names by their frequency.</summary>
    public bool EstimateFromData { get; init; } = true;
    public int MaxBlockSize { get; init; } = InMemoryMatchIndex.DefaultMaxBlockSize;
    /// <summary>Explain every false merge and missed pair (<see cref="DedupRun.Errors"/>).</summary>
    public bool ExplainErrors { get; init; }
}

/// <summary>A pair the matcher got wrong: two guests merged, or one guest left in two golden records.</summary>
public sealed record PairError(
    string Kind,
    string RecordA,
    string RecordB,
    double Score,
    IReadOnlyList<ComparisonResult> Comparisons,
    IReadOnlyList<BlockingKey> KeysA,
    IReadOnlyList<BlockingKey> KeysB)
{
    public const string FalseMerge = "false-merge";
    public const string Missed = "missed";

    /// <summary>Keys both records had: empty means blocking never brought them together.</summary>
    public IReadOnlyList<BlockingKey> SharedKeys => KeysA.Where(KeysB.Contains).ToList();

    /// <summary>One tab-separated line: kind, records, score, each comparison as field=level(weight), shared keys, each record's keys.</summary>
    public string ToLine() => string.Join('\t',
        Kind, RecordA, RecordB, Score.ToString("F2", CultureInfo.InvariantCulture),
        string.Join(' ', Comparisons.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Field}={c.Level}({c.Weight:F2})"))),
        "shared=" + string.Join(' ', SharedKeys),
        "a=" + string.Join(' ', KeysA),
        "b=" + string.Join(' ', KeysB));
}

/// <summary>The figures of a run and, when asked for, the pairs it got wrong.</summary>
public sealed record DedupRun(DedupMetrics Metrics, IReadOnlyList<PairError> Errors);

/// <summary>
/// Measures deduplication the way production runs it: records arrive one by one and go through the
/// same normalizer, <see cref="IncrementalMatcher"/> and survivorship, against an in-memory index and store.
/// </summary>
public static class DedupEvaluator
{
    private const string Source = "eval";
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<DedupMetrics> EvaluateAsync(IReadOnlyList<EvalRecord> records, EvaluatorSettings settings, CancellationToken cancellationToken = default) =>
        (await RunAsync(records, settings, cancellationToken).ConfigureAwait(false)).Metrics;

    public static async Task<DedupRun> RunAsync(IReadOnlyList<EvalRecord> records, EvaluatorSettings settings, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var contacts = Normalize(records, settings);

        var model = settings.Thresholds is { } t ? settings.Model with { Thresholds = t.Validate() } : settings.Model;
        ITermFrequencies? frequencies = null;
        if (settings.EstimateFromData)
        {
            var profiles = contacts.Select(MatchProfile.From).ToList();
            model = Learn(model, profiles).Model;
            frequencies = TermFrequencyTable.Build(profiles, model);
        }

        // The clusters are what is measured: the golden records are held as the matcher reads them (profiles only).
        var store = new InMemoryCandidateStore();
        var matcher = new IncrementalMatcher(new InMemoryMatchIndex(settings.MaxBlockSize), store, model, frequencies);
        var deduplicator = new CompactDeduplicator(matcher, store);
        foreach (var contact in contacts) await deduplicator.AddAsync(contact, cancellationToken).ConfigureAwait(false);
        clock.Stop();

        var entityOf = records.ToDictionary(r => r.RecordId, r => r.EntityId, StringComparer.Ordinal);
        var clusters = store.All().Select(g => g.Members.Select(m => m.Origin.SourceRecordId).ToList()).ToList();
        var metrics = Measure(clusters, entityOf, clock.Elapsed.TotalSeconds);
        if (!settings.ExplainErrors) return new DedupRun(metrics, []);
        var profileOf = contacts.ToDictionary(c => c.Origin!.SourceRecordId, MatchProfile.From, StringComparer.Ordinal);
        return new DedupRun(metrics, WrongPairs(clusters, entityOf).Select(p => Explain(p.Kind, p.A, p.B, profileOf, model, frequencies)).ToList());
    }

    /// <summary>The records as the pipeline's normalizer leaves them, arriving one second apart in file order.</summary>
    public static IReadOnlyList<NormalizedContact> Normalize(IReadOnlyList<EvalRecord> records, EvaluatorSettings settings)
    {
        var normalizer = new ContactNormalizer(new NormalizationOptions { DefaultCountry = settings.DefaultCountry, Today = settings.Today });
        return records.Select((r, i) => normalizer.Normalize(ToContact(r), new ContactOrigin(Source, r.RecordId, Epoch.AddSeconds(i)))).ToList();
    }

    /// <summary>m and u learnt from the records (<see cref="MatchModelEstimator"/>) and the frequencies of their names, as a model to store.</summary>
    public static (MatchModel Model, EstimationReport Report) Learn(MatchModel model, IReadOnlyList<MatchProfile> profiles)
    {
        var (learnt, report) = MatchModelEstimator.Estimate(model, profiles);
        return (learnt with { TermFrequencies = TermFrequencyTable.Build(profiles, learnt).Shares() }, report);
    }

    /// <summary>Pairs merged across two entities, then pairs of one entity left apart, in record order.</summary>
    public static IEnumerable<(string Kind, string A, string B)> WrongPairs(IReadOnlyList<IReadOnlyList<string>> clusters, IReadOnlyDictionary<string, string> entityOf)
    {
        foreach (var cluster in clusters)
            for (var i = 0; i < cluster.Count; i++)
                for (var j = i + 1; j < cluster.Count; j++)
                    if (entityOf[cluster[i]] != entityOf[cluster[j]]) yield return (PairError.FalseMerge, cluster[i], cluster[j]);

        var clusterOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < clusters.Count; c++) foreach (var id in clusters[c]) clusterOf[id] = c;
        foreach (var entity in entityOf.Where(kv => clusterOf.ContainsKey(kv.Key)).GroupBy(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal))
        {
            var ids = entity.ToList();
            for (var i = 0; i < ids.Count; i++)
                for (var j = i + 1; j < ids.Count; j++)
                    if (clusterOf[ids[i]] != clusterOf[ids[j]]) yield return (PairError.Missed, ids[i], ids[j]);
        }
    }

    private static PairError Explain(string kind, string a, string b, IReadOnlyDictionary<string, MatchProfile> profiles, MatchModel model, ITermFrequencies? frequencies)
    {
        var (score, comparisons) = MatchScorer.Score(model, profiles[a], profiles[b], frequencies);
        return new PairError(kind, a, b, score, comparisons, BlockingKeys.For(profiles[a]), BlockingKeys.For(profiles[b]));
    }

    /// <summary>Pairwise precision and recall of <paramref name="clusters"/> against the true entity of each record.</summary>
    public static DedupMetrics Measure(IReadOnlyList<IReadOnlyList<string>> clusters, IReadOnlyDictionary<string, string> entityOf, double seconds) =>
        Measure(clusters.Select(c => c.Select(id => entityOf[id])), entityOf.Values, seconds);

    /// <summary>
    /// Pairwise precision, recall and F1 of <paramref name="clusters"/> (each given as the true entities of its
    /// records) against <paramref name="entities"/>, the true entity of every record.
    /// </summary>
    public static DedupMetrics Measure<TEntity>(IEnumerable<IEnumerable<TEntity>> clusters, IEnumerable<TEntity> entities, double seconds) where TEntity : notnull
    {
        static long Pairs(long n) => n * (n - 1) / 2;
        var sizes = new Dictionary<TEntity, int>();
        var records = 0;
        foreach (var entity in entities)
        {
            records++;
            sizes[entity] = sizes.GetValueOrDefault(entity) + 1;
        }
        var truePairs = sizes.Values.Sum(n => Pairs(n));
        long found = 0, correct = 0;
        foreach (var cluster in clusters)
        {
            var members = cluster.ToList();
            found += Pairs(members.Count);
            correct += members.GroupBy(e => e).Sum(g => Pairs(g.Count()));
        }
        var precision = found == 0 ? 1.0 : (double)correct / found;
        var recall = truePairs == 0 ? 1.0 : (double)correct / truePairs;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new DedupMetrics(precision, recall, f1, truePairs, found, correct, records, seconds);
    }

    /// <summary>A mapped record as a hotel system would send it.</summary>
    public static ContactInput ToContact(EvalRecord record)
    {
        string? Get(string field) => record.Fields.TryGetValue(field, out var v) && v.Length > 0 ? v : null;
        var hasAddress = Get("street") is not null || Get("postcode") is not null || Get("city") is not null;
        return new ContactInput
        {
            GivenName = Get("given_name"),
            FamilyName = Get("family_name"),
            Emails = Get("email") is { } email ? [email] : null,
            Phones = Get("phone") is { } phone ? [phone] : null,
            Country = Get("country"),
            BirthDate = ParseDate(Get("birth_date")),
            Address = hasAddress ? new PostalAddress { Street = Get("street"), PostalCode = Get("postcode"), City = Get("city") } : null,
            ExternalIds = Get("external_id") is { } id ? new Dictionary<string, string> { ["external"] = id } : null,
        };
    }

    /// <summary>YYYYMMDD or ISO (YYYY-MM-DD); impossible dates (a typo giving 31 April) are treated as missing.</summary>
    public static DateOnly? ParseDate(string? value)
    {
        if (value is null) return null;
        return DateOnly.TryParseExact(value, ["yyyyMMdd", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }
}

using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Pipeline;

/// <summary>The pipeline's stores on fresh tables of a real Azurite, wired like the app wires them.</summary>
public sealed class PipelineStores
{
    private PipelineStores(AzuriteFixture azurite, int maxBlockSize, Action<Azure.Core.ClientOptions>? configure)
    {
        var storage = azurite.CreateServices(configure);
        TableClient Table(string prefix) => storage.GetTableClient(azurite.UniqueName(prefix));
        var contacts = Table("contacts");
        Surveys = Table("surveys");
        Golden = new GoldenRecordStore(contacts);
        Sources = new SourceRecordMap(Table("sources"));
        Log = new MergeLog(contacts);
        Reviews = new DuplicateReviews(Table("review"));
        Index = new TableMatchIndex(Table("matchindex"), maxBlockSize);
        Profiles = new ContactProfiles(contacts, Surveys);
        Matcher = new IncrementalMatcher(Index, Golden, MatchModel.Default);
        var merger = new GoldenRecordMerger(Golden, Sources, Index, Log, Reviews, Profiles, new Survivorship(), TimeProvider.System);
        Deduplicator = new Deduplicator(Matcher, Index, Golden, Sources, Reviews, merger, new Survivorship());
    }

    public GoldenRecordStore Golden { get; }
    public SourceRecordMap Sources { get; }
    public MergeLog Log { get; }
    public DuplicateReviews Reviews { get; }
    public TableMatchIndex Index { get; }
    public TableClient Surveys { get; }
    public ContactProfiles Profiles { get; }
    public IncrementalMatcher Matcher { get; }
    public Deduplicator Deduplicator { get; }

    /// <param name="configure">Options of every storage client, e.g. a policy that watches or holds requests.</param>
    public static async Task<PipelineStores> CreateAsync(AzuriteFixture azurite, int maxBlockSize = InMemoryMatchIndex.DefaultMaxBlockSize,
        Action<Azure.Core.ClientOptions>? configure = null)
    {
        var stores = new PipelineStores(azurite, maxBlockSize, configure);
        await Task.WhenAll(stores.Golden.Table.CreateIfNotExistsAsync(), stores.Sources.Table.CreateIfNotExistsAsync(),
            stores.Surveys.CreateIfNotExistsAsync(), stores.Reviews.Table.CreateIfNotExistsAsync(),
            stores.Index.Table.CreateIfNotExistsAsync());
        return stores;
    }

    private static readonly ContactNormalizer Normalizer = new(new NormalizationOptions { Today = new DateOnly(2026, 11, 23), DefaultCountry = "FR" });

    /// <summary>A contact as the normalize stage hands it on, from a given source record.</summary>
    public static NormalizedContact Contact(string source, string recordId, ContactInput input, DateTimeOffset? receivedAt = null) =>
        Normalizer.Normalize(input, new ContactOrigin(source, recordId, receivedAt ?? new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)));
}

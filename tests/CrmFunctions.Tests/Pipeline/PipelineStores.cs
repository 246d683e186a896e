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
    private PipelineStores(AzuriteFixture azurite, int maxBlockSize)
    {
        var storage = azurite.CreateServices();
        TableClient Table(string prefix) => storage.GetTableClient(azurite.UniqueName(prefix));
        Golden = new GoldenRecordStore(Table("golden"));
        Sources = new SourceRecordMap(Table("sources"));
        Log = new MergeLog(Table("mergelog"));
        Reviews = new DuplicateReviews(Table("review"));
        Index = new TableMatchIndex(Table("matchindex"), maxBlockSize);
        Matcher = new IncrementalMatcher(Index, Golden, MatchModel.Default);
        Deduplicator = new Deduplicator(Matcher, Golden, Sources, Log, Reviews, new Survivorship());
    }

    public GoldenRecordStore Golden { get; }
    public SourceRecordMap Sources { get; }
    public MergeLog Log { get; }
    public DuplicateReviews Reviews { get; }
    public TableMatchIndex Index { get; }
    public IncrementalMatcher Matcher { get; }
    public Deduplicator Deduplicator { get; }

    public static async Task<PipelineStores> CreateAsync(AzuriteFixture azurite, int maxBlockSize = InMemoryMatchIndex.DefaultMaxBlockSize)
    {
        var stores = new PipelineStores(azurite, maxBlockSize);
        await Task.WhenAll(stores.Golden.Table.CreateIfNotExistsAsync(), stores.Sources.Table.CreateIfNotExistsAsync(),
            stores.Log.Table.CreateIfNotExistsAsync(), stores.Reviews.Table.CreateIfNotExistsAsync(),
            stores.Index.Table.CreateIfNotExistsAsync());
        return stores;
    }

    private static readonly ContactNormalizer Normalizer = new(new NormalizationOptions { Today = new DateOnly(2026, 11, 23), DefaultCountry = "FR" });

    /// <summary>A contact as the normalize stage hands it on, from a given source record.</summary>
    public static NormalizedContact Contact(string source, string recordId, ContactInput input, DateTimeOffset? receivedAt = null) =>
        Normalizer.Normalize(input, new ContactOrigin(source, recordId, receivedAt ?? new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)));
}

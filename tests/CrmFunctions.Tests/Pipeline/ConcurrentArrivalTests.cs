using Azure.Core;
using Azure.Core.Pipeline;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Pipeline;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Pipeline;

/// <summary>
/// One guest told by several systems at the same instant, on the real Table Storage stores of an Azurite: however
/// the workers interleave, the guest ends as one golden record.
/// </summary>
public sealed class ConcurrentArrivalTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] GivenNames = ["Marc", "Anne", "Lucas", "Chloé"];
    private static readonly string[] FamilyNames = ["Petit", "Moreau", "Fournier"];

    private static ContactInput Elodie(string email) => new()
    {
        GivenName = "Élodie", FamilyName = "de la Tour", Emails = [email], Phones = ["06 12 34 56 78"],
    };

    [Fact]
    public async Task Three_first_sightings_that_all_read_the_index_before_any_filed_its_keys_end_in_one_golden_record()
    {
        var email = $"elodie.{Guid.NewGuid():N}@example.fr";
        var sightings = new[]
        {
            PipelineStores.Contact("pms", "G-1042", Elodie(email)),
            PipelineStores.Contact("web-form", "w-1", Elodie(email.ToUpperInvariant()) with { GivenName = "ELODIE", FamilyName = "DE LA TOUR" }),
            PipelineStores.Contact("survey-tool", "resp-1", new ContactInput { GivenName = "Elodie", FamilyName = "de la Tour", Emails = [email] }),
        };
        // Every index write waits until the three have read all their keys: the worst interleaving, every time.
        var gate = new IndexWriteGate(sightings.Sum(c => IncrementalMatcher.KeysFor(c).Count));
        var stores = await PipelineStores.CreateAsync(azurite, configure: options => options.AddPolicy(gate, HttpPipelinePosition.PerCall));
        gate.Table = stores.Index.Table.Name;

        var placed = await Task.WhenAll(sightings.Select(c => stores.Deduplicator.ApplyAsync(c, CancellationToken.None)));

        Assert.False(gate.TimedOut, "the three never all read the index before writing");
        var live = (await Task.WhenAll(placed.Select(p => stores.Golden.FindLiveAsync(p.ContactId, CancellationToken.None)))).Select(g => g!.ContactId).Distinct().ToList();
        var guest = Assert.Single(live);
        var golden = (await stores.Golden.GetAsync(guest, CancellationToken.None))!.Record!;
        Assert.Equal(["pms/G-1042", "survey-tool/resp-1", "web-form/w-1"], golden.Members.Select(m => m.Key).Order());
        // Every source record now leads to it, and the index names only it.
        foreach (var member in golden.Members)
            Assert.Equal(guest, (await stores.Golden.FindLiveAsync(await stores.Sources.GetAsync(member.Key, CancellationToken.None), CancellationToken.None))!.ContactId);
        var emailBlock = (await stores.Index.ReadAsync([new BlockingKey(BlockingKeys.Email, email)], CancellationToken.None)).Single();
        Assert.Equal([guest], emailBlock.Ids);
        // The log says what happened: records started at the same instant, found to be one guest.
        Assert.Contains(await stores.Log.ReadAsync(guest, CancellationToken.None), e => e.Outcome == GoldenRecordMerger.RecordsMerged);
    }

    [Fact]
    public async Task Guests_each_sent_by_three_systems_at_once_end_with_one_golden_record_each()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var guests = Enumerable.Range(0, 12).Select(i => new ContactInput
        {
            GivenName = GivenNames[i % GivenNames.Length], FamilyName = FamilyNames[i % FamilyNames.Length] + (char)('a' + i),
            Emails = [$"guest{i}.{Guid.NewGuid():N}@example.com"], Phones = [$"+336{i:D2}{Random.Shared.Next(100000, 999999)}"],
        }).ToList();
        var arrivals = guests.SelectMany((g, i) => new[]
        {
            (Guest: i, Contact: PipelineStores.Contact("pms", $"p-{i}", g)),
            (Guest: i, Contact: PipelineStores.Contact("booking-engine", $"b-{i}", g with { Emails = [g.Emails![0].ToUpperInvariant()] })),
            (Guest: i, Contact: PipelineStores.Contact("sms", $"s-{i}", new ContactInput { Phones = g.Phones })),
        }).ToList();

        var placed = await Task.WhenAll(arrivals.Select(a => Task.Run(() => stores.Deduplicator.ApplyAsync(a.Contact, CancellationToken.None))));

        var live = await Task.WhenAll(placed.Select(async p => (await stores.Golden.FindLiveAsync(p.ContactId, CancellationToken.None))!.ContactId));
        var byGuest = arrivals.Select((a, i) => (a.Guest, Live: live[i])).GroupBy(x => x.Guest).ToList();
        Assert.All(byGuest, g => Assert.Single(g.Select(x => x.Live).Distinct()));
        Assert.Equal(guests.Count, live.Distinct().Count());
    }

    /// <summary>Holds every write to the match index until the expected number of index reads went out.</summary>
    private sealed class IndexWriteGate(int reads) : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int seen;

        public string? Table { get; set; }
        public bool TimedOut { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The stores only call asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var index = Table is { } table && message.Request.Uri.Path.Contains("/" + table, StringComparison.Ordinal);
            if (index && message.Request.Method != RequestMethod.Get && !opened.Task.IsCompleted)
            {
                try { await opened.Task.WaitAsync(TimeSpan.FromSeconds(20)); }
                catch (TimeoutException) { TimedOut = true; opened.TrySetResult(); }
            }
            await ProcessNextAsync(message, pipeline);
            // Counted once answered: a read still on its way would otherwise see a write let through.
            if (index && message.Request.Method == RequestMethod.Get && Interlocked.Increment(ref seen) >= reads)
                opened.TrySetResult();
        }
    }
}

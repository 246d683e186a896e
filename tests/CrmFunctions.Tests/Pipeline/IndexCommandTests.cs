using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;
using CrmFunctions.Testing;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Tests.Pipeline;

/// <summary>The operator's <c>index rebuild</c> against a real Azurite: golden records found again by their keys.</summary>
public sealed class IndexCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Rebuild_files_every_golden_record_under_its_keys_and_drops_rows_of_the_older_layout()
    {
        var storage = azurite.CreateServices();
        await Task.WhenAll(TableNames.All.Select(t => storage.GetTableClient(t).CreateIfNotExistsAsync()));
        var golden = new GoldenRecordStore(storage.GetTableClient(TableNames.Contacts));
        var contact = PipelineStores.Contact("pms", "G-77", new ContactInput
        {
            GivenName = "Hugo", FamilyName = "Lambert", Emails = ["hugo.lambert@example.fr"], Phones = ["06 11 22 33 44"],
        });
        var id = ContactIds.For(contact.Origin!);
        await golden.UpdateAsync(id, _ => new Survivorship().Create(id, contact), CancellationToken.None);
        var email = new BlockingKey(BlockingKeys.Email, "hugo.lambert@example.fr");
        var index = storage.GetTableClient(TableNames.MatchIndex);
        // A row as the index once stored it: one row per golden record under the key.
        await index.AddEntityAsync(new TableEntity(TableMatchIndex.Partition(email), id) { ["Kind"] = email.Kind });
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CrmStorage"] = azurite.ConnectionString }).Build();

        var exit = await IndexCommand.RunAsync(["rebuild"], configuration, output, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("1 golden records filed, 1 rows of an older layout dropped", output.ToString());
        var matcher = new TableMatchIndex(index);
        Assert.Equal([id], await matcher.FindCandidatesAsync(IncrementalMatcher.KeysFor(contact), CancellationToken.None));
        Assert.Null(await index.GetEntityOrDefaultAsync(TableMatchIndex.Partition(email), id));
    }

    [Fact]
    public async Task An_unknown_verb_prints_the_usage()
    {
        var output = new StringWriter();
        Assert.Equal(2, await IndexCommand.RunAsync(["rebiuld"], new ConfigurationBuilder().Build(), output, CancellationToken.None));
        Assert.Contains(IndexCommand.Usage, output.ToString());
    }
}

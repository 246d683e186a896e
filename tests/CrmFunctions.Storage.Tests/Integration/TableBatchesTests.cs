using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public class TableBatchesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Rows_of_several_partitions_are_written_whole_and_a_row_listed_twice_keeps_its_last_version()
    {
        var table = azurite.CreateServices().GetTableClient(azurite.UniqueName("batches"));
        await table.CreateIfNotExistsAsync();
        var rows = Enumerable.Range(0, 150).Select(i => new TableEntity("a", $"r{i:D3}") { ["N"] = i })
            .Concat(Enumerable.Range(0, 100).Select(i => new TableEntity("b", $"r{i:D3}") { ["N"] = i }))
            .Append(new TableEntity("a", "r007") { ["N"] = 700 })
            .ToList();

        Assert.Equal([100, 50, 100], TableBatches.Of(rows, TableTransactionActionType.UpsertReplace).Select(b => b.Count));
        await TableBatches.SubmitAsync(table, rows, TableTransactionActionType.UpsertReplace, CancellationToken.None);

        var stored = await table.QueryRowsAsync().ToListAsync();
        Assert.Equal(250, stored.Count);
        Assert.Equal(700, stored.Single(r => r.PartitionKey == "a" && r.RowKey == "r007").GetInt32("N"));

        await TableBatches.SubmitAsync(table, stored.Where(r => r.PartitionKey == "a"), TableTransactionActionType.Delete, CancellationToken.None);
        Assert.All(await table.QueryRowsAsync().ToListAsync(), r => Assert.Equal("b", r.PartitionKey));
    }

    [Fact]
    public async Task Large_rows_are_split_so_that_no_transaction_exceeds_the_size_the_service_takes()
    {
        var table = azurite.CreateServices().GetTableClient(azurite.UniqueName("large"));
        await table.CreateIfNotExistsAsync();
        // 30 rows of eight 24,000-character strings: 5.8 MB in all, more than one transaction may carry.
        var text = new string('x', 24_000);
        var rows = Enumerable.Range(0, 30).Select(i => new TableEntity("p", $"r{i:D2}")
        {
            ["A"] = text, ["B"] = text, ["C"] = text, ["D"] = text, ["E"] = text, ["F"] = text, ["G"] = text, ["H"] = text,
        }).ToList();

        var batches = TableBatches.Of(rows, TableTransactionActionType.UpsertReplace);
        Assert.True(batches.Count > 1);
        Assert.All(batches, b => Assert.InRange(b.Sum(a => ((TableEntity)a.Entity).Select(p => p.Value).OfType<string>().Sum(s => s.Length)), 1, TableBatches.MaxTransactionBytes));
        await TableBatches.SubmitAsync(table, rows, TableTransactionActionType.UpsertReplace, CancellationToken.None);
        Assert.Equal(30, (await table.QueryRowsAsync().ToListAsync()).Count);
    }
}

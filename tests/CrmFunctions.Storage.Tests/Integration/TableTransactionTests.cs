using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public class TableTransactionTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.CreateServices().GetTableClient(azurite.UniqueName("tx"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static TableTransactionAction Act(TableTransactionActionType type, TableEntity entity, string? ifMatch = null) => new(type, entity, ifMatch);

    [Fact]
    public async Task Every_action_kind_applies_and_returns_etags_in_order()
    {
        var table = await NewTableAsync();
        var mergeETag = await table.AddEntityAsync(new TableEntity("p", "merge") { ["A"] = 1 });
        var replaceETag = await table.AddEntityAsync(new TableEntity("p", "replace") { ["A"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "delete"));
        await table.AddEntityAsync(new TableEntity("p", "upsert-merge") { ["A"] = 1 });

        var etags = await table.SubmitTransactionAsync(
        [
            Act(TableTransactionActionType.Add, new TableEntity("p", "add") { ["A"] = 1 }),
            Act(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert-merge") { ["B"] = 2 }),
            Act(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsert-replace") { ["B"] = 2 }),
            Act(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["B"] = 2 }, mergeETag),
            Act(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["B"] = 2 }, replaceETag),
            Act(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        Assert.Equal(6, etags.Count);
        Assert.All(etags.Take(5), e => Assert.False(string.IsNullOrEmpty(e)));
        Assert.Null(etags[5]);
        var rows = (await table.QueryAsync().ToListAsync()).ToDictionary(e => e.RowKey);
        Assert.Equal(["add", "merge", "replace", "upsert-merge", "upsert-replace"], rows.Keys.Order());
        Assert.Equal((1, 2), (rows["merge"].GetInt32("A"), rows["merge"].GetInt32("B")));
        Assert.Equal((null, 2), (rows["replace"].GetInt32("A"), rows["replace"].GetInt32("B")));
        Assert.Equal((1, 2), (rows["upsert-merge"].GetInt32("A"), rows["upsert-merge"].GetInt32("B")));
        Assert.Equal(etags[0], rows["add"].ETag);
    }

    [Fact]
    public async Task A_failing_action_rolls_back_the_whole_transaction_and_names_its_index()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "existing") { ["Original"] = true });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            Act(TableTransactionActionType.Add, new TableEntity("p", "a")),
            Act(TableTransactionActionType.UpsertReplace, new TableEntity("p", "b")),
            Act(TableTransactionActionType.Add, new TableEntity("p", "existing")),
            Act(TableTransactionActionType.Add, new TableEntity("p", "c")),
        ]));

        Assert.Equal(2, error.FailedIndex);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        var rows = await table.QueryAsync().ToListAsync();
        Assert.Equal("existing", Assert.Single(rows).RowKey);
        Assert.Equal(true, rows[0].GetBoolean("Original"));
    }

    [Fact]
    public async Task A_stale_etag_inside_a_transaction_fails_it_with_412()
    {
        var table = await NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("p", "r"));
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Changed"] = true });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            Act(TableTransactionActionType.UpdateReplace, new TableEntity("p", "r"), stale),
        ]));

        Assert.Equal((412, 0), (error.Status, error.FailedIndex));
    }

    [Fact]
    public async Task Actions_on_two_partitions_are_refused_before_anything_is_sent()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            Act(TableTransactionActionType.Add, new TableEntity("hotel-1", "a")),
            Act(TableTransactionActionType.Add, new TableEntity("hotel-2", "b")),
        ]));

        Assert.Empty(await table.QueryAsync().ToListAsync());
    }

    [Fact]
    public async Task More_than_a_hundred_actions_or_none_are_refused()
    {
        var table = await NewTableAsync();
        var tooMany = Enumerable.Range(0, 101).Select(i => Act(TableTransactionActionType.Add, new TableEntity("p", i.ToString()))).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(tooMany));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
        Assert.Empty(await table.QueryAsync().ToListAsync());
    }
}

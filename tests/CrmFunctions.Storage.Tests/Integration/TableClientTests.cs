using Azure;
using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public class TableClientTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.CreateServices().GetTableClient(azurite.UniqueName("tbl"));
        Assert.True(await table.CreateIfNotExistsAsync());
        return table;
    }

    [Fact]
    public async Task Creating_a_table_twice_reports_it_already_existed_and_it_is_listed()
    {
        var services = azurite.CreateServices();
        var table = services.GetTableClient(azurite.UniqueName("twice"));

        Assert.True(await table.CreateIfNotExistsAsync());
        Assert.False(await table.CreateIfNotExistsAsync());
        Assert.Contains(table.Name, await services.Tables.GetTableNamesAsync(prefix: table.Name).ToListAsync());
        Assert.True(await table.DeleteAsync());
        Assert.False(await table.DeleteAsync());
    }

    [Fact]
    public async Task Added_entity_reads_back_with_every_type_intact()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2026, 11, 22, 11, 20, 35, TimeSpan.Zero).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "Hôtel \"du\" Lac",
            ["Int"] = 42,
            ["Long"] = 9_007_199_254_740_993L, // beyond what a JSON double holds exactly
            ["SmallLong"] = 7L,
            ["Double"] = 2.5,
            ["WholeDouble"] = 3.0,
            ["Bool"] = true,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        };

        var etag = await table.AddEntityAsync(entity);
        var read = await table.GetEntityAsync("p", "r");

        Assert.NotNull(read);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("Hôtel \"du\" Lac", read.GetString("Text"));
        Assert.Equal(42, read["Int"]);
        Assert.Equal(9_007_199_254_740_993L, read["Long"]);
        Assert.Equal(7L, read["SmallLong"]);
        Assert.Equal(2.5, read["Double"]);
        Assert.Equal(3.0, read["WholeDouble"]);
        Assert.Equal(true, read.GetBoolean("Bool"));
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.GetBinary("Bytes"));
        Assert.Null(read.GetString("Missing"));
    }

    [Fact]
    public async Task Adding_an_existing_row_fails_with_409()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task Missing_entity_reads_as_null()
    {
        var table = await NewTableAsync();

        Assert.Null(await table.GetEntityAsync("nobody", "nothing"));
    }

    [Fact]
    public async Task Upsert_merge_keeps_other_properties_and_upsert_replace_drops_them()
    {
        var table = await NewTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = "b2" });
        var merged = await table.GetEntityAsync("p", "r");
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = "c" }, TableUpdateMode.Replace);
        var replaced = await table.GetEntityAsync("p", "r");

        Assert.Equal(("a", "b2"), (merged!.GetString("A"), merged.GetString("B")));
        Assert.Equal((null, null, "c"), (replaced!.GetString("A"), replaced.GetString("B"), replaced.GetString("C")));
    }

    [Fact]
    public async Task Update_with_a_stale_etag_fails_with_a_concurrency_error_and_leaves_the_row_alone()
    {
        var table = await NewTableAsync();
        var firstETag = await table.AddEntityAsync(new TableEntity("p", "r") { ["Stage"] = "new" });
        var secondETag = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Stage"] = "normalized" }, firstETag);

        var error = await Assert.ThrowsAsync<TableConcurrencyException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["Stage"] = "lost update" }, firstETag));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.NotEqual(firstETag, secondETag);
        Assert.Equal("normalized", (await table.GetEntityAsync("p", "r"))!.GetString("Stage"));
    }

    [Fact]
    public async Task Update_merge_with_the_current_etag_merges()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = 1 });

        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["B"] = 2 }, etag, TableUpdateMode.Merge);

        var read = await table.GetEntityAsync("p", "r");
        Assert.Equal((1, 2), (read!.GetInt32("A"), read.GetInt32("B")));
    }

    [Fact]
    public async Task Updating_a_missing_row_fails_with_404()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(new TableEntity("p", "gone"), "*"));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task Delete_reports_whether_a_row_was_there_and_honours_the_etag()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("p", "r"));
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Changed"] = true });

        await Assert.ThrowsAsync<TableConcurrencyException>(() => table.DeleteEntityAsync("p", "r", etag));
        Assert.True(await table.DeleteEntityAsync("p", "r"));
        Assert.False(await table.DeleteEntityAsync("p", "r"));
        Assert.Null(await table.GetEntityAsync("p", "r"));
    }

    [Theory]
    [InlineData("guest with spaces", "Ærøskøbing – Hôtel")]
    [InlineData("O'Neil", "it's 'quoted''")]
    [InlineData("a+b=c&d", "(parens),[brackets];semi:colon!*")]
    public async Task Keys_with_spaces_accents_and_quotes_work_for_every_point_operation(string partitionKey, string rowKey)
    {
        var table = await NewTableAsync();

        var etag = await table.AddEntityAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 1 });
        var updated = await table.UpdateEntityAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 2 }, etag);
        var read = await table.GetEntityAsync(partitionKey, rowKey);
        var queried = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {partitionKey} and RowKey eq {rowKey}")).ToListAsync();

        Assert.Equal((partitionKey, rowKey, 2), (read!.PartitionKey, read.RowKey, read.GetInt32("V")));
        Assert.Equal(updated, read.ETag);
        Assert.Single(queried);
        Assert.True(await table.DeleteEntityAsync(partitionKey, rowKey, updated));
    }

    [Fact]
    public async Task Keys_made_from_arbitrary_text_with_TableKey_are_stored_and_found()
    {
        var table = await NewTableAsync();
        var source = "https://hotel.example/guests?id=7#a\\b ~50%";
        var key = TableKey.Encode(source);

        await table.AddEntityAsync(new TableEntity(key, key));
        var read = await table.GetEntityAsync(key, key);

        Assert.Equal(source, TableKey.Decode(read!.RowKey));
    }

    [Fact]
    public async Task Filter_values_with_quotes_match_exactly_and_cannot_inject()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("guests", "1") { ["LastName"] = "O'Neil" });
        await table.AddEntityAsync(new TableEntity("guests", "2") { ["LastName"] = "Neil" });
        await table.AddEntityAsync(new TableEntity("guests", "3") { ["LastName"] = "O" });

        var match = "O'Neil";
        var injection = "' or '1' eq '1";
        var exact = await table.QueryAsync(TableFilter.Create($"LastName eq {match}")).ToListAsync();
        var injected = await table.QueryAsync(TableFilter.Create($"LastName eq {injection}")).ToListAsync();

        Assert.Equal("1", Assert.Single(exact).RowKey);
        Assert.Empty(injected);
    }

    [Fact]
    public async Task Typed_filters_compare_longs_dates_and_guids()
    {
        var table = await NewTableAsync();
        var early = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();
        await table.AddEntityAsync(new TableEntity("p", "old") { ["At"] = early, ["Revenue"] = 5_000_000_000L, ["Guest"] = id });
        await table.AddEntityAsync(new TableEntity("p", "new") { ["At"] = early.AddDays(30), ["Revenue"] = 10L, ["Guest"] = Guid.NewGuid() });

        var since = early.AddDays(1);
        var recent = await table.QueryAsync(TableFilter.Create($"At ge {since}")).ToListAsync();
        var big = await table.QueryAsync(TableFilter.Create($"Revenue gt {4_000_000_000L}")).ToListAsync();
        var byGuest = await table.QueryAsync(TableFilter.Create($"Guest eq {id}")).ToListAsync();

        Assert.Equal("new", Assert.Single(recent).RowKey);
        Assert.Equal("old", Assert.Single(big).RowKey);
        Assert.Equal("old", Assert.Single(byGuest).RowKey);
    }

    [Fact]
    public async Task Select_returns_only_the_named_properties_with_the_keys()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Keep"] = "k", ["Drop"] = "d" });

        var point = await table.GetEntityAsync("p", "r", select: ["Keep"]);
        var queried = Assert.Single(await table.QueryAsync(select: ["Keep"]).ToListAsync());

        foreach (var entity in new[] { point!, queried })
        {
            Assert.Equal(("p", "r", "k"), (entity.PartitionKey, entity.RowKey, entity.GetString("Keep")));
            Assert.False(entity.ContainsKey("Drop"));
        }
    }

    [Fact]
    public async Task Query_follows_continuation_past_a_thousand_rows()
    {
        var table = await NewTableAsync();
        const int Count = 1250;
        for (var start = 0; start < Count; start += TableClient.MaxTransactionActions)
        {
            var actions = Enumerable.Range(start, Math.Min(TableClient.MaxTransactionActions, Count - start))
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bulk", i.ToString("D5")) { ["N"] = i }))
                .ToList();
            await table.SubmitTransactionAsync(actions);
        }

        var all = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"bulk"}")).ToListAsync();
        var smallPages = await table.QueryAsync(maxPerPage: 400).CountAsync();

        Assert.Equal(Count, all.Count);
        Assert.Equal(Enumerable.Range(0, Count), all.Select(e => e.GetInt32("N")!.Value).Order());
        Assert.Equal(Count, smallPages);
    }
}

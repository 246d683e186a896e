using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public class TableClientExtensionsTests(AzuriteFixture azurite)
{
    private async Task<TableClient> NewTableAsync()
    {
        var table = azurite.CreateServices().GetTableClient(azurite.UniqueName("ext"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task A_missing_row_reads_as_null_and_a_present_one_with_its_keys_even_when_other_columns_are_selected()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Kind"] = "email", ["Other"] = 1 });

        Assert.Null(await table.GetEntityOrDefaultAsync("p", "missing"));
        var row = await table.GetEntityOrDefaultAsync("p", "r", ["Kind"]);

        Assert.NotNull(row);
        Assert.Equal(("p", "r", "email"), (row.PartitionKey, row.RowKey, row.GetString("Kind")));
        Assert.False(row.ContainsKey("Other"));
    }

    [Fact]
    public async Task A_query_that_selects_columns_still_returns_each_row_s_keys()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("block", "contact-1") { ["Kind"] = "email" });
        await table.AddEntityAsync(new TableEntity("block", "contact-2") { ["Kind"] = "email" });

        var rows = await table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"block"}"), ["Kind"]).ToListAsync();

        Assert.Equal(["contact-1", "contact-2"], rows.Select(r => r.RowKey));
        Assert.All(rows, r => Assert.Equal("block", r.PartitionKey));
    }

    [Fact]
    public async Task A_value_with_quotes_stays_a_value_in_a_filter()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "1") { ["Name"] = "O'Neil" });
        await table.AddEntityAsync(new TableEntity("p", "2") { ["Name"] = "other" });

        var hostile = await table.QueryRowsAsync(TableExtensionsFilter("Name", "x' or Name ne 'x")).ToListAsync();
        var exact = await table.QueryRowsAsync(TableExtensionsFilter("Name", "O'Neil")).ToListAsync();

        Assert.Empty(hostile);
        Assert.Equal("1", Assert.Single(exact).RowKey);
    }

    private static string TableExtensionsFilter(string column, string value) => TableClientExtensions.Compare(column, "eq", value);

    [Fact]
    public async Task Numbers_dates_and_binary_read_back_with_the_type_they_were_written_with()
    {
        var table = await NewTableAsync();
        var at = new DateTimeOffset(2026, 11, 30, 23, 59, 58, TimeSpan.Zero);
        await table.AddEntityAsync(new TableEntity("p", "r")
        {
            ["Whole"] = 5.0, ["Count"] = 3, ["Big"] = 9_000_000_000L, ["At"] = at, ["Bytes"] = new byte[] { 1, 2, 3 },
        });

        var row = (await table.GetEntityOrDefaultAsync("p", "r"))!;

        Assert.Equal(5.0, row.GetDouble("Whole"));
        Assert.Equal(3, row.GetInt32("Count"));
        Assert.Equal(9_000_000_000L, row.GetInt64("Big"));
        Assert.Equal(at, row.GetDateTimeOffset("At"));
        Assert.Equal([1, 2, 3], row.GetBinary("Bytes"));
    }

    [Fact]
    public async Task Deleting_a_missing_row_says_so_and_a_stale_version_is_refused()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["N"] = 1 });
        var read = (await table.GetEntityOrDefaultAsync("p", "r"))!;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["N"] = 2 });

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityIfExistsAsync("p", "r", read.ETag));
        Assert.Equal(412, stale.Status);
        Assert.True(await table.DeleteEntityIfExistsAsync("p", "r"));
        Assert.False(await table.DeleteEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task A_large_value_round_trips_compressed_over_several_properties()
    {
        var table = await NewTableAsync();
        var value = System.Text.Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 60_000).Select(i => $"guest-{i * 7919 % 100_003}")));
        var entity = new TableEntity("p", "r");
        CompressedProperty.Set(entity, "Data", value);
        await table.AddEntityAsync(entity);

        using var stream = CompressedProperty.Open((await table.GetEntityOrDefaultAsync("p", "r"))!, "Data")!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.True(entity.GetInt32("DataChunks") > 1);
        Assert.Equal(value, copy.ToArray());
    }
}

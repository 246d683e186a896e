using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using CrmFunctions.Testing;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Barometers;

/// <summary>
/// The change feed intake writes beside each fact: it carries what the barometers count, never the guest's e-mail in
/// clear; change rows that only point at their fact (as stored before) are still counted.
/// </summary>
public sealed class ChangeFeedTests(AzuriteFixture azurite) : AppTest(azurite, f =>
{
    f.Settings["Barometers:Thresholds:nps:MinimumSample"] = "1";
})
{
    private static readonly DateTimeOffset Week47 = new(2026, 11, 17, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task A_change_row_carries_the_counted_answer_and_a_guest_key_but_not_the_email()
    {
        var property = NewProperty();
        var email = $"lea.{Guid.NewGuid():N}@example.org";
        await PostSurveyAsync(Client, property, Week47, 9, email: email);

        var changes = Azurite.CreateServices().GetTableClient(TableNames.BarometerChanges);
        var row = await changes.QueryRowsAsync(TableClient.CreateQueryFilter($"PropertyId eq {property}")).SingleAsync();
        Assert.Equal(9, row.GetInt32("Nps"));
        Assert.Equal(Factory.Services.GetRequiredService<GuestKeyer>().OfEmail(email), row.GetString("GuestKey"));
        Assert.DoesNotContain(row.Select(p => p.Value), v => v is string text && text.Contains(email, StringComparison.OrdinalIgnoreCase));
        Assert.False(row.ContainsKey("RespondentEmail"));

        await RefreshAsync(Client);
        var week = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(100, (double)Indicator(week, "nps")["value"]!);
        Assert.Empty(await changes.QueryRowsAsync(TableClient.CreateQueryFilter($"PropertyId eq {property}")).ToListAsync());
    }

    [Fact]
    public async Task A_change_row_that_only_points_at_its_fact_is_still_counted()
    {
        var property = NewProperty();
        await RefreshAsync(Client); // past the first refresh, which scans the fact tables whatever the feed says
        await PostSurveyAsync(Client, property, Week47, 10);
        await PostSurveyAsync(Client, property, Week47, 0);
        var storage = Azurite.CreateServices();
        var changes = storage.GetTableClient(TableNames.BarometerChanges);
        // Rewritten as the change feed stored them before rows carried their facts: the table and keys only.
        foreach (var carried in await changes.QueryRowsAsync(TableClient.CreateQueryFilter($"PropertyId eq {property}")).ToListAsync())
            await changes.UpsertEntityAsync(new TableEntity(carried.PartitionKey, carried.RowKey)
            {
                ["Table"] = carried.GetString("Table"),
                ["FactPartition"] = carried.GetString("FactPartition"),
                ["FactRow"] = carried.GetString("FactRow"),
            }, TableUpdateMode.Replace);

        await RefreshAsync(Client);

        var week = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(2, (long)Indicator(week, "nps")["n"]!);
        Assert.Equal(0, (double)Indicator(week, "nps")["value"]!);
    }
}

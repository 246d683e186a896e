using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Privacy;

/// <summary>
/// Retention with short settings (raw payloads 30 days, facts 40): a guest's survey, call, SMS invitation and stay sent
/// 50 days ago lose what names the guest and keep what the barometers count; what came in today is untouched.
/// </summary>
public sealed class RetentionSweepTests : AppTest
{
    private const int RawDays = 30;
    private const int FactDays = 40;
    private static readonly TimeSpan Age = TimeSpan.FromDays(50);

    private readonly MovableClock clock;

    public RetentionSweepTests(AzuriteFixture azurite) : this(azurite, new MovableClock())
    {
    }

    private RetentionSweepTests(AzuriteFixture azurite, MovableClock clock) : base(azurite, f =>
    {
        f.Settings["Privacy:RawRetentionDays"] = RawDays.ToString(CultureInfo.InvariantCulture);
        f.Settings["Privacy:FactRetentionDays"] = FactDays.ToString(CultureInfo.InvariantCulture);
        f.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
    })
    {
        this.clock = clock;
    }

    private sealed record Guest(string Email, string Phone)
    {
        public static Guest New()
        {
            var tag = Guid.NewGuid().ToString("N")[..10];
            return new Guest($"retained.{tag}@example.fr", "+3361" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture));
        }

        public string Digits => Phone[1..];
    }

    [Fact]
    public async Task Old_facts_lose_the_guest_but_keep_counting_recent_ones_are_untouched_and_a_second_run_changes_nothing()
    {
        var property = NewProperty();
        var old = Guest.New();
        var recent = Guest.New();
        clock.Advance(-Age);
        var oldDay = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await SendEverythingAsync(property, old);
        var oldSurvey = Assert.Single(await RowsAsync(TableNames.Surveys, property));
        await Storage.GetTableClient(TableNames.Surveys).UpdateEntityAsync(
            new TableEntity(oldSurvey.PartitionKey, oldSurvey.RowKey) { ["ContactId"] = "c-linked-guest" }, ETag.All);
        await RefreshAsync(Client);
        var figures = await OldDayFiguresAsync(property, oldDay);
        Assert.Equal(1, (long)Indicator(figures, "nps")["n"]!);

        clock.Advance(Age);
        await SendEverythingAsync(property, recent);
        await RefreshAsync(Client);

        // The timer as the Functions host invokes it.
        var invocation = File.ReadAllText("TestData/timer-invocation.json").Replace("TimerForTests", "ApplyRetention");
        var response = await Client.PostAsync("/ApplyRetention", Signing.Json(invocation));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var (oldRows, recentRows) = await RowsByAgeAsync(property);
        foreach (var (table, columns) in new[]
        {
            (TableNames.Surveys, new[] { "RespondentEmail", "RespondentPhone", "Comment", "ContactId" }),
            (TableNames.Interactions, ["ContactEmail", "ContactPhone"]),
            (TableNames.CampaignEvents, ["Phone"]),
            (TableNames.Stays, ["GuestKey"]),
        })
        {
            var anonymized = Assert.Single(oldRows[table]);
            Assert.All(columns, c => Assert.False(anonymized.ContainsKey(c), $"{table}.{c} is still there"));
            Assert.Equal(property, anonymized.GetString("PropertyId"));
            Assert.All(columns.Where(c => c != "ContactId"), c => Assert.True(Assert.Single(recentRows[table]).ContainsKey(c), $"recent {table}.{c} is gone"));
        }
        Assert.Equal(9, oldRows[TableNames.Surveys][0].GetInt32("Nps"));
        Assert.Equal(oldDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), oldRows[TableNames.Surveys][0].GetString("SubmittedOn"));
        Assert.NotNull(oldRows[TableNames.Interactions][0].GetDateTimeOffset("AnsweredAt"));
        Assert.Equal("delivered", oldRows[TableNames.CampaignEvents][0].GetString("Type"));
        Assert.NotNull(oldRows[TableNames.Stays][0].GetString("CheckOutOn"));
        // The invitation is found by the phone: it goes whole.
        Assert.Empty(await Storage.GetTableClient(TableNames.CampaignInvitations).QueryRowsAsync($"PartitionKey eq '{old.Digits}'").ToListAsync());
        Assert.Single(await Storage.GetTableClient(TableNames.CampaignInvitations).QueryRowsAsync($"PartitionKey eq '{recent.Digits}'").ToListAsync());

        // The barometers count the old day as before, after a refresh and after a recount of the whole period.
        await RefreshAsync(Client);
        Assert.Equal(figures.ToJsonString(), (await OldDayFiguresAsync(property, oldDay)).ToJsonString());
        await Factory.Services.GetRequiredService<CrmFunctions.Barometers.BarometerRefresher>()
            .RefreshAsync(clock.GetUtcNow() - Age - TimeSpan.FromDays(1), null, CancellationToken.None);
        Assert.Equal(figures.ToJsonString(), (await OldDayFiguresAsync(property, oldDay)).ToJsonString());

        // Once is enough: the second run finds nothing to do and rewrites no row.
        var versions = oldRows.Values.SelectMany(r => r).ToDictionary(r => r.RowKey, r => r.ETag);
        var second = await Factory.Services.GetRequiredService<RetentionSweeper>().RunAsync("test", CancellationToken.None);
        Assert.Equal("completed", second.Status);
        Assert.All(second.Counts, c => Assert.True(c.Value == 0, $"{c.Key}: {c.Value} changed by the second run"));
        var (again, _) = await RowsByAgeAsync(property);
        Assert.Equal(versions, again.Values.SelectMany(r => r).ToDictionary(r => r.RowKey, r => r.ETag));

        // The audit: one row per run, counts per store, no identifier.
        var runs = await Storage.GetTableClient(TableNames.PrivacyLog).QueryRowsAsync($"PartitionKey eq '{RetentionSweeper.LogKind}'").ToListAsync();
        var first = Assert.Single(runs, r => r.GetString("RequestedBy") == "ApplyRetention");
        Assert.Equal("completed", first.GetString("Status"));
        var counts = JsonNode.Parse(first.GetString("Counts")!)!.AsObject();
        Assert.All(new[] { TableNames.Surveys, TableNames.Interactions, TableNames.CampaignEvents, TableNames.Stays, TableNames.CampaignInvitations },
            table => Assert.True((int)counts[table]! >= 1, $"{table}: {counts[table]}"));
        Assert.True((int)counts[RetentionSweeper.RawStore]! >= 4);
        var audit = string.Join("|", runs.SelectMany(r => r.Select(p => Convert.ToString(p.Value, CultureInfo.InvariantCulture))));
        Assert.All(new[] { old.Email, old.Digits, recent.Email, recent.Digits }, identifier => Assert.DoesNotContain(identifier, audit));
    }

    [Fact]
    public async Task Raw_payloads_go_by_the_day_in_their_path_or_else_by_their_creation()
    {
        var raw = Storage.GetBlobContainerClient(ContainerNames.Raw);
        await raw.CreateIfNotExistsAsync();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var expired = Path(today.AddDays(-RawDays - 1), tag);
        var kept = Path(today.AddDays(-RawDays + 1), tag);
        var undated = $"imports/{tag}.json";
        foreach (var name in new[] { expired, kept, undated })
            await raw.GetBlobClient(name).UploadAsync(BinaryData.FromString("{}"));
        var sweeper = Factory.Services.GetRequiredService<RetentionSweeper>();

        await sweeper.RunAsync("test", CancellationToken.None);

        Assert.False(await raw.GetBlobClient(expired).ExistsAsync());
        Assert.True(await raw.GetBlobClient(kept).ExistsAsync());
        Assert.True(await raw.GetBlobClient(undated).ExistsAsync());

        clock.Advance(TimeSpan.FromDays(RawDays + 2));
        await sweeper.RunAsync("test", CancellationToken.None);

        Assert.False(await raw.GetBlobClient(kept).ExistsAsync());
        Assert.False(await raw.GetBlobClient(undated).ExistsAsync());
    }

    private static string Path(DateOnly day, string tag) =>
        $"surveys/{day:yyyy}/{day:MM}/{day:dd}/{day:yyyyMMdd}090000000-{tag}.json";

    private StorageServices Storage => Azurite.CreateServices();

    /// <summary>A survey with a comment, a call, an SMS survey invitation and a stay, all of one guest, received now by the app's clock.</summary>
    private async Task SendEverythingAsync(string property, Guest guest)
    {
        var now = clock.GetUtcNow();
        var at = now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var day = DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await PostSignedAsync("/api/surveys", CrmAppFactory.SurveysSecret, new JsonObject
        {
            ["surveyId"] = "post-stay", ["responseId"] = "r-" + Guid.NewGuid().ToString("N"), ["propertyId"] = property, ["channel"] = "email",
            ["respondent"] = new JsonObject { ["email"] = guest.Email, ["phone"] = guest.Phone },
            ["nps"] = 9, ["submittedAt"] = at, ["comment"] = $"Call me back on {guest.Phone}",
        });
        await PostSignedAsync("/api/interactions", CrmAppFactory.InteractionsSecret, new JsonObject
        {
            ["id"] = "call-" + Guid.NewGuid().ToString("N")[..8], ["channel"] = "phone", ["propertyId"] = property, ["agentId"] = "ag-1",
            ["receivedAt"] = at, ["answeredAt"] = now.AddHours(-1).AddSeconds(9).ToString("O"), ["type"] = "request",
            ["contact"] = new JsonObject { ["email"] = guest.Email, ["phone"] = guest.Phone },
        });
        await PostSignedAsync("/api/campaign-events", CrmAppFactory.CampaignEventsSecret, new JsonObject
        {
            ["provider"] = "own-sms", ["messageId"] = "m-" + Guid.NewGuid().ToString("N")[..8], ["campaignId"] = "post-stay-" + day,
            ["type"] = "delivered", ["time"] = at, ["channel"] = "sms", ["propertyId"] = property, ["surveyId"] = "post-stay",
            ["contact"] = new JsonObject { ["phone"] = guest.Phone },
        });
        var contact = new JsonObject
        {
            ["familyName"] = "Retained", ["emails"] = new JsonArray(guest.Email),
            ["stay"] = new JsonObject { ["propertyId"] = property, ["reservationId"] = "R-" + Guid.NewGuid().ToString("N")[..8], ["arrival"] = day, ["departure"] = day },
        };
        var response = await Client.PostAsync("/api/contacts", Signing.Json(contact.ToJsonString()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task PostSignedAsync(string route, string secret, JsonObject body)
    {
        var response = await Client.SendAsync(Signing.SignedPost(route, body.ToJsonString(), secret, clock.GetUtcNow()));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The old day's indicators for the property, as the API shows them.</summary>
    private async Task<JsonObject> OldDayFiguresAsync(string property, DateOnly day) =>
        new() { ["indicators"] = (await GetAsync(Client, $"/api/barometers?period=day&date={day:yyyy-MM-dd}&property={property}"))["indicators"]!.DeepClone() };

    private async Task<List<TableEntity>> RowsAsync(string table, string property) =>
        await Storage.GetTableClient(table).QueryRowsAsync(TableClient.CreateQueryFilter($"PropertyId eq {property}")).ToListAsync();

    /// <summary>The property's rows of the four anonymized tables, received before and after the fact cutoff.</summary>
    private async Task<(Dictionary<string, List<TableEntity>> Old, Dictionary<string, List<TableEntity>> Recent)> RowsByAgeAsync(string property)
    {
        var cutoff = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-FactDays).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var (old, recent) = (new Dictionary<string, List<TableEntity>>(), new Dictionary<string, List<TableEntity>>());
        foreach (var table in new[] { TableNames.Surveys, TableNames.Interactions, TableNames.CampaignEvents, TableNames.Stays })
        {
            var rows = await RowsAsync(table, property);
            old[table] = rows.Where(r => string.CompareOrdinal(r.PartitionKey, cutoff) < 0).ToList();
            recent[table] = rows.Except(old[table]).ToList();
        }
        return (old, recent);
    }

    private sealed class MovableClock : TimeProvider
    {
        private long offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
    }
}

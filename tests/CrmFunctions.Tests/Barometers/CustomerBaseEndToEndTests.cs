using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Pipeline;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Barometers;

/// <summary>
/// Guests posted through the public API, turned into golden records by the pipeline run by the standalone trigger
/// runner, then counted by the refresh into the customer-base indicators the barometer API shows.
/// </summary>
public sealed class CustomerBaseEndToEndTests(AzuriteFixture azurite) : AppTest(azurite, factory =>
{
    factory.Settings["Runner:Enabled"] = "true";
    factory.Settings["Runner:Concurrency"] = "1";
    factory.Settings["Pipeline:DefaultCountry"] = "FR";
    factory.Settings["Barometers:Indicators"] = "base.active-guests,base.new-guests,base.duplicates-merged,base.valid-email," +
        "base.valid-phone,base.consent,base.top20-revenue-share,complaints.per-100-stays";
})
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Stay(string property, string reservation, decimal revenue) =>
        $$"""{"propertyId":"{{property}}","reservationId":"{{reservation}}","arrival":"{{Day(Today.AddDays(-2))}}","departure":"{{Day(Today)}}","roomNights":2,"revenue":{{revenue.ToString(CultureInfo.InvariantCulture)}},"currency":"EUR"}""";

    [Fact]
    public async Task Customer_base_indicators_count_the_golden_records_of_the_period()
    {
        var opera = NewProperty();
        var nice = NewProperty();
        var consentAt = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var pms = await PostContactsAsync("/api/contacts", $$"""
            {"source":"pms","contacts":[
              {"givenName":"Anna","familyName":"Arnaud","emails":["anna.arnaud@orange.fr"],"phones":["06 11 22 33 44"],
               "consents":[{"channel":"email","granted":true,"at":"{{consentAt}}","source":"booking-engine"}],
               "stay":{{Stay(opera, "R-1", 1000m)}}},
              {"givenName":"Bruno","familyName":"Blanc","emails":["bruno.blanc@free.fr"],"stay":{{Stay(opera, "R-2", 200m)}}},
              {"givenName":"Chloé","familyName":"Caron","phones":["06 22 33 44 55"],"stay":{{Stay(opera, "R-3", 100m)}}},
              {"givenName":"David","familyName":"Dupuis","emails":["test@example.com"],"phones":["06 33 44 55 66"],
               "stay":{{Stay(opera, "R-4", 100m)}}},
              {"givenName":"Emma","familyName":"Evans","emails":["emma.evans@gmail.com"],
               "consents":[{"channel":"sms","granted":false,"at":"{{consentAt}}","source":"desk"}],
               "stay":{{Stay(nice, "R-5", 600m)}}}
            ]}
            """);
        await WaitPlacedAsync("pms", pms, 5);
        // Anna again from the booking engine, with the same reservation: one more record merged, not one more stay.
        var web = await PostContactsAsync("/api/contacts", $$"""
            {"source":"booking-engine","contacts":[
              {"givenName":"Anna","familyName":"Arnaud","emails":["Anna.Arnaud@orange.fr"],"stay":{{Stay(opera, "R-1", 1000m)}}}
            ]}
            """);
        await WaitPlacedAsync("booking-engine", web, 1);
        // Anna's profile already existed: wait for the one that counts her second record.
        var contacts = Azurite.CreateServices().GetTableClient(TableNames.Contacts);
        var anna = await new SourceRecordMap(Azurite.CreateServices().GetTableClient(TableNames.ContactSources))
            .GetAsync($"booking-engine/{web}/0", CancellationToken.None);
        await WaitUntilAsync(async () => (await contacts.GetEntityOrDefaultAsync(anna, ContactProfiles.ProfileRow))?.GetInt32("MemberCount") == 2);
        await RefreshAsync(Client);

        var week = await GetAsync(Client, $"/api/barometers?period=week&date={Day(Today)}");
        Assert.Equal(5, Value(week, "base.active-guests"));
        Assert.Equal(5, Value(week, "base.new-guests"));
        Assert.Equal(1, Value(week, "base.duplicates-merged"));
        Assert.Equal(60, Value(week, "base.valid-email")); // Anna, Bruno, Emma; a placeholder address is not valid
        Assert.Equal(60, Value(week, "base.valid-phone")); // Anna, Chloé, David
        Assert.Equal(20, Value(week, "base.consent")); // Anna; Emma said no
        Assert.Equal(50, Value(week, "base.top20-revenue-share")); // Anna's 1,000 of 2,000
        Assert.Equal(5, (long)Indicator(week, "base.consent")["n"]!);
        Assert.Equal("warn", (string?)Indicator(week, "base.valid-email")["status"]);
        Assert.Equal("alert", (string?)Indicator(week, "base.consent")["status"]);
        Assert.Equal(5, (long)Indicator(week, "complaints.per-100-stays")["n"]!);

        // One property: its four guests, their stays there.
        var scorecard = await GetAsync(Client, $"/api/barometers?period=month&date={Day(Today)}&property={opera}");
        Assert.Equal(4, Value(scorecard, "base.active-guests"));
        Assert.Equal(50, Value(scorecard, "base.valid-email"));
        Assert.Equal(71.43, Value(scorecard, "base.top20-revenue-share")); // 1,000 of 1,400

        // The refresh compared the snapshots with the thresholds: Opera's consent (1 of 4 = 25 %) is under the alert
        // level of 30 %. A first evaluation: the digest counts it in its baseline, the history keeps it as such.
        Assert.DoesNotContain(await AlertMessagesAsync(Azurite, $"week|property={opera}|segment=*|channel=*"), a => (string?)a["indicator"] == "base.consent");
        Assert.Contains(await BaselinesAsync(Azurite, opera), b => (int)b["alert"]! >= 1);
        var consentAlert = await ConsentAlertAsync(opera);
        Assert.Equal(("ok", "alert", 25.0, 30.0, -5.0, true), ((string)consentAlert["from"]!, (string)consentAlert["to"]!,
            (double)consentAlert["value"]!, (double)consentAlert["threshold"]!, (double)consentAlert["gap"]!, (bool)consentAlert["baseline"]!));

        var properties = (await GetAsync(Client, $"/api/barometers/scorecard?period=week&date={Day(Today)}"))["properties"]!.AsArray();
        var niceCard = properties.Single(p => (string?)p!["property"] == nice)!;
        Assert.Equal(1, (double)niceCard["indicators"]!.AsArray().Single(i => (string?)i!["id"] == "base.active-guests")!["value"]!);
        var csv = await Client.GetStringAsync($"/api/barometers/export?period=week&date={Day(Today)}");
        var groupRow = csv.Split("\r\n").Single(l => l.Contains(",*,*,*,base.active-guests,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("5", groupRow[9]);

        // Built once a day: a guest arriving later today shows in tomorrow's figures, not at every refresh.
        var late = await PostContactsAsync("/api/contacts", $$"""
            {"source":"pms","contacts":[{"givenName":"Farid","familyName":"Fares","emails":["farid.fares@orange.fr"],"stay":{{Stay(nice, "R-6", 300m)}}}]}
            """);
        await WaitPlacedAsync("pms", late, 1);
        await RefreshAsync(Client);
        var again = await GetAsync(Client, $"/api/barometers?period=week&date={Day(Today)}");
        Assert.Equal(5, Value(again, "base.active-guests"));
        Assert.Equal(6, (long)Indicator(again, "complaints.per-100-stays")["n"]!); // stays follow the change feed
        // The status holds: nothing more in the history.
        Assert.Equal((string?)consentAlert["at"], (string?)(await ConsentAlertAsync(opera))["at"]);
    }

    private async Task<JsonObject> ConsentAlertAsync(string property) =>
        (await GetAsync(Client, "/api/barometers/alerts?top=200"))["alerts"]!.AsArray()
            .Single(a => (string?)a!["indicator"] == "base.consent" && (string?)a["dimension"] == $"week|property={property}|segment=*|channel=*")!.AsObject();

    private static double Value(JsonObject barometer, string id) =>
        (double)(Indicator(barometer, id)["value"] ?? throw new Xunit.Sdk.XunitException($"{id} has no value: {Indicator(barometer, id)}"));

    private async Task<string> PostContactsAsync(string url, string body)
    {
        var response = await Client.PostAsync(url, Signing.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
    }

    private PipelineProbe Probe => new(Azurite, Factory.Logs, Patience);

    private Task WaitPlacedAsync(string source, string ingestionId, int count) => Probe.WaitPlacedAsync(source, ingestionId, count);

    private Task WaitUntilAsync(Func<Task<bool>> condition) => Probe.WaitUntilAsync(condition);
}

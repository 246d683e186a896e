using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Privacy;

/// <summary>
/// One guest sent through every feed (two contacts from two systems, a survey answer with a comment, a call, SMS
/// campaign events with an inbound reply), erased through the API: afterwards every table row, blob and queue
/// message of the storage account is read, and none names them, while a guest sent in the same deliveries is whole
/// and the barometers lose exactly the erased guest's answers.
/// </summary>
public sealed class ErasureScanTests(AzuriteFixture azurite) : AppTest(azurite, factory =>
{
    factory.Settings["Runner:Enabled"] = "true";
    factory.Settings["Runner:MaxPollIntervalMilliseconds"] = "500";
    factory.Settings["Pipeline:DefaultCountry"] = "FR";
})
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private sealed record Guest(string Given, string Family, string Email, string Mobile, string Pms, string Street)
    {
        /// <summary>The national number: every form of the phone ("06 12 …", "+33 6 …", "0033…") contains it once separators are gone.</summary>
        public string Tail => Mobile[3..];
        public string National => "0" + Tail;
        public string Spaced => string.Join(' ', Enumerable.Range(0, 5).Select(i => National.Substring(i * 2, 2)));

        public JsonObject Contact(bool nationalPhone, JsonObject? stay = null) => new()
        {
            ["stay"] = stay,
            ["givenName"] = Given,
            ["familyName"] = Family,
            ["emails"] = new JsonArray(nationalPhone ? Email.ToUpperInvariant() : Email),
            ["phones"] = new JsonArray(nationalPhone ? Spaced : Mobile),
            ["address"] = new JsonObject { ["street"] = Street, ["postalCode"] = "75009", ["city"] = "Paris" },
            ["country"] = "FR",
            ["externalIds"] = new JsonObject { ["pms"] = Pms },
            ["consents"] = new JsonArray(new JsonObject { ["channel"] = "sms", ["granted"] = true, ["at"] = "2026-11-01T10:00:00Z", ["source"] = "desk" }),
        };

        public IEnumerable<string> Identifiers => [Email, Tail, Spaced[1..], Given, Family, Pms, Street];
    }

    private static Guest NewGuest(string given)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        // Allocated French mobile blocks only (06 1x, 07 5x): the golden record keeps only numbers the plan knows.
        var mobile = (Random.Shared.Next(2) == 0 ? "+3361" : "+3375") + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Guest(given, "Quennevil" + tag[..6], $"{given.ToLowerInvariant()}.{tag}@example.fr", mobile, "G-" + tag, $"{Random.Shared.Next(1, 99)} rue Zelotte-{tag[6..]}");
    }

    [Fact]
    public async Task An_erased_guest_is_in_no_row_blob_or_message_and_the_other_guest_and_the_barometers_keep_theirs()
    {
        var erased = NewGuest("Zephyrine");
        var kept = NewGuest("Amandine");
        var property = "erasure-" + Guid.NewGuid().ToString("N")[..6];
        var day = DateTimeOffset.UtcNow.AddDays(-1);
        var at = day.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        // Both guests in one PMS batch, then the erased one again from the website, with the phone typed nationally.
        JsonObject Stay() => new()
        {
            ["propertyId"] = property, ["reservationId"] = "R-" + Guid.NewGuid().ToString("N")[..8],
            ["arrival"] = day.AddDays(-2).ToString("yyyy-MM-dd"), ["departure"] = day.ToString("yyyy-MM-dd"), ["revenue"] = 320.0, ["currency"] = "EUR",
        };
        var pms = await PostAsync("/api/contacts", new JsonObject { ["source"] = "pms", ["contacts"] = new JsonArray(erased.Contact(false, Stay()), kept.Contact(false, Stay())) });
        var web = await PostAsync("/api/contacts", new JsonObject { ["source"] = "web-form", ["contacts"] = new JsonArray(erased.Contact(true)) });
        foreach (var g in new[] { erased, kept })
        {
            await PostSignedAsync("/api/surveys", CrmAppFactory.SurveysSecret, new JsonObject
            {
                ["surveyId"] = "post-stay", ["responseId"] = "r-" + Guid.NewGuid().ToString("N"), ["propertyId"] = property, ["channel"] = "email",
                ["respondent"] = new JsonObject { ["email"] = g.Email, ["givenName"] = g.Given, ["familyName"] = g.Family },
                ["nps"] = g == erased ? 2 : 10, ["submittedAt"] = at,
                ["comment"] = $"Room noisy, call me back on {g.Spaced}. {g.Given} {g.Family}",
            });
            await PostSignedAsync("/api/interactions", CrmAppFactory.InteractionsSecret, new JsonObject
            {
                ["id"] = "call-" + Guid.NewGuid().ToString("N")[..8], ["channel"] = "phone", ["propertyId"] = property,
                ["receivedAt"] = at, ["answeredAt"] = day.AddSeconds(9).ToString("O"), ["type"] = "complaint", ["reason"] = "noise",
                ["contact"] = new JsonObject { ["phone"] = "0033" + g.Tail },
            });
            var campaign = "sms-" + Guid.NewGuid().ToString("N")[..6];
            await PostSignedAsync("/api/campaign-events", CrmAppFactory.CampaignEventsSecret, new JsonObject
            {
                ["provider"] = "own-sms", ["messageId"] = "s-" + Guid.NewGuid().ToString("N")[..8], ["campaignId"] = campaign, ["type"] = "delivered",
                ["channel"] = "sms", ["surveyId"] = "sms-nps", ["propertyId"] = property, ["time"] = at,
                ["contact"] = new JsonObject { ["phone"] = g.Mobile },
            });
            await PostSignedAsync("/api/campaign-events", CrmAppFactory.CampaignEventsSecret, new JsonObject
            {
                ["provider"] = "own-sms", ["messageId"] = "s-" + Guid.NewGuid().ToString("N")[..8], ["campaignId"] = campaign, ["type"] = "inbound_reply",
                ["channel"] = "sms", ["text"] = "8", ["time"] = day.AddMinutes(5).ToString("O"),
                ["contact"] = new JsonObject { ["phone"] = g.Mobile[1..] },
            });
        }
        var probe = new PipelineProbe(Azurite, Factory.Logs, Patience);
        await probe.WaitPlacedAsync("pms", (string)pms["ingestionId"]!, 2);
        await probe.WaitPlacedAsync("web-form", (string)web["ingestionId"]!, 1);
        await probe.WaitUntilAsync(async () => await QueuesEmptyAsync());
        await RefreshAsync(Client);
        var before = await NpsAsync(property);
        Assert.Equal(4, (long)before["n"]!);
        Assert.Equal(2, (long)(await IndicatorAsync(property, "complaints.per-100-stays"))["n"]!);

        var accepted = await Client.PostAsJsonAsync("/api/privacy/erasures", new { email = erased.Email.ToUpperInvariant(), reason = "guest request", requestedBy = "dpo" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var statusUrl = (string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["statusUrl"]!;
        JsonObject status = [];
        await probe.WaitUntilAsync(async () => (string?)(status = (await Client.GetFromJsonAsync<JsonObject>(statusUrl))!)["status"] == "completed");
        Assert.True((int)status["counts"]![TableNames.Surveys]! >= 2, status.ToJsonString());
        Assert.Equal(1, (int)status["counts"]![TableNames.Stays]!);
        Assert.True((int)status["counts"]!["raw"]! >= 5, status.ToJsonString());
        await probe.WaitUntilAsync(async () => await QueuesEmptyAsync());

        var hits = await ScanAsync(erased.Identifiers);
        Assert.True(hits.Count == 0, "still stored: " + string.Join("; ", hits.Take(10)));
        Assert.NotEmpty(await ScanAsync([kept.Email]));
        Assert.NotEmpty(await ScanAsync([kept.Tail, kept.Pms, kept.Street]));

        var export = await Client.GetAsync("/api/privacy/guests?email=" + Uri.EscapeDataString(kept.Email));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/privacy/guests?email=" + Uri.EscapeDataString(erased.Email))).StatusCode);

        // The erased guest's answer (NPS 2) and SMS reply (8) are out; the other guest's two remain.
        await RefreshAsync(Client);
        var after = await NpsAsync(property);
        Assert.Equal(2, (long)after["n"]!);
        Assert.Equal(1, (long)(await IndicatorAsync(property, "complaints.per-100-stays"))["n"]!);
    }

    private Task<JsonObject> NpsAsync(string property) => IndicatorAsync(property, "nps");

    private async Task<JsonObject> IndicatorAsync(string property, string id) =>
        Indicator(await GetAsync(Client, $"/api/barometers?period=month&date={DateTimeOffset.UtcNow.AddDays(-1):yyyy-MM-dd}&property={property}"), id);

    private async Task<JsonObject> PostAsync(string route, JsonObject body)
    {
        var response = await Client.PostAsync(route, Signing.Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task PostSignedAsync(string route, string secret, JsonObject body)
    {
        var response = await Client.SendAsync(Signing.SignedPost(route, body.ToJsonString(), secret));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<bool> QueuesEmptyAsync()
    {
        var storage = Azurite.CreateServices();
        foreach (var queue in new[] { QueueNames.ContactsNormalize, QueueNames.ContactsDedupe, QueueNames.ContactsEnrich, QueueNames.PrivacyErasures })
        {
            var client = storage.GetQueueClient(queue);
            if (await client.ExistsAsync() && (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0) return false;
        }
        return true;
    }

    /// <summary>Every text in the account: table rows (compressed columns unpacked), blobs, queue messages; each hit named by where it is.</summary>
    private async Task<List<string>> ScanAsync(IEnumerable<string> needles)
    {
        var terms = needles.ToList();
        var hits = new List<string>();
        void Check(string where, string text)
        {
            foreach (var term in terms.Where(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)))
                hits.Add($"{where} has '{term}'");
        }
        var storage = Azurite.CreateServices();
        await foreach (var table in storage.Tables.QueryAsync())
            await foreach (var row in storage.GetTableClient(table.Name).QueryAsync<Azure.Data.Tables.TableEntity>())
                foreach (var (column, value) in row)
                {
                    var where = $"{table.Name}/{row.PartitionKey}/{row.RowKey}.{column}";
                    if (column.EndsWith("Chunks", StringComparison.Ordinal))
                        Check(where, Unpack(row, column[..^"Chunks".Length]));
                    else if (value is not byte[])
                        Check(where, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
        await foreach (var container in storage.Blobs.GetBlobContainersAsync())
            await foreach (var blob in storage.GetBlobContainerClient(container.Name).GetBlobsAsync())
                Check($"{container.Name}/{blob.Name}", (await storage.GetBlobContainerClient(container.Name).GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
        await foreach (var queue in storage.Queues.GetQueuesAsync())
            foreach (var message in (await storage.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
                Check($"queue {queue.Name}", message.Body.ToString());
        return hits;
    }

    /// <summary>A value stored compressed over several binary columns (a golden record, a receipt), as text.</summary>
    private static string Unpack(Azure.Data.Tables.TableEntity row, string prefix)
    {
        using var stream = CrmFunctions.Storage.CompressedProperty.Open(row, prefix)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

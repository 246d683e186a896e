using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Ingest;

/// <summary>Signed contact-centre and front-desk interactions through real HTTP against a real Azurite.</summary>
public sealed class InteractionIntakeTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly CrmAppFactory _factory;
    private readonly HttpClient _client;

    public InteractionIntakeTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = new CrmAppFactory(azurite);
        _client = _factory.CreateClient();
    }

    private static string Call(string id, string closedAt = "2026-11-22T09:14:30+01:00") => $$"""
        {"id":"{{id}}","channel":"phone","propertyId":"paris-opera","team":"reservations","agentId":"A-117",
         "receivedAt":"2026-11-22T09:10:00+01:00","answeredAt":"2026-11-22T09:10:12+01:00","abandoned":false,
         "closedAt":"{{closedAt}}","type":"complaint","reason":"noise","resolvedAtFirstContact":true,"segment":"business",
         "contact":{"email":"paul.bernard@example.com","phone":"+33 6 98 76 54 32"} }
        """;

    private Task<HttpResponseMessage> PostAsync(string body, string secret = CrmAppFactory.InteractionsSecret) =>
        _client.SendAsync(Signing.SignedPost("/api/interactions", body, secret));

    [Fact]
    public async Task Signed_interaction_is_archived_stored_and_its_status_can_be_read()
    {
        var id = "call-" + Guid.NewGuid().ToString("N");
        var response = await PostAsync(Call(id));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var storage = _azurite.CreateServices();
        var rawBlob = ((string)receipt["rawBlob"]!)["raw/".Length..];
        Assert.StartsWith("interactions/", rawBlob);
        Assert.Equal(Call(id), (await storage.GetBlobContainerClient(ContainerNames.Raw).DownloadAsync(rawBlob)).ToString());

        var row = await storage.GetTableClient(TableNames.Interactions)
            .GetEntityOrDefaultAsync((string)receipt["interactionPartition"]!, (string)receipt["interactions"]![0]!["rowKey"]!);
        Assert.NotNull(row);
        Assert.Equal(id, row.GetString("InteractionId"));
        Assert.Equal("phone", row.GetString("Channel"));
        Assert.Equal("complaint", row.GetString("Type"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T08:10:12Z"), row.GetDateTimeOffset("AnsweredAt"));
        Assert.Equal("2026-11-22", row.GetString("Day"));
        Assert.True(row.GetBoolean("ResolvedAtFirstContact"));
        // Partitioned by the UTC day we received it, not by the interaction's own day.
        Assert.Equal(((DateTimeOffset)receipt["receivedAt"]!).UtcDateTime.ToString("yyyyMMdd"), row.PartitionKey);

        var status = (await _client.GetFromJsonAsync<JsonObject>((string)receipt["statusUrl"]!))!;
        Assert.Equal("interactions", (string?)status["kind"]);
        Assert.Equal("queued", (string?)status["status"]);
        Assert.Equal(1, (int?)status["records"]);
        Assert.DoesNotContain("paul.bernard", status.ToJsonString());
    }

    [Fact]
    public async Task A_full_batch_of_500_is_accepted_and_its_receipt_read_back_whole()
    {
        var prefix = "call-" + Guid.NewGuid().ToString("N") + "-";
        var body = "[" + string.Join(",", Enumerable.Range(0, 500).Select(i => Call(prefix + i))) + "]";

        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(500, receipt["interactions"]!.AsArray().Count);
        var status = (await _client.GetFromJsonAsync<JsonObject>((string)receipt["statusUrl"]!))!;
        Assert.Equal(500, (int?)status["records"]);
        var replay = (await (await PostAsync(body)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True((bool)replay["replay"]!);
        Assert.Equal(receipt["interactions"]!.ToJsonString(), replay["interactions"]!.ToJsonString());
    }

    [Fact]
    public async Task Redelivered_interaction_is_a_replay_and_an_update_replaces_the_row()
    {
        var id = "call-" + Guid.NewGuid().ToString("N");
        var first = (await (await PostAsync(Call(id))).Content.ReadFromJsonAsync<JsonObject>())!;
        // The sender's retry: a new webhook id and timestamp, the same body.
        var retry = await PostAsync(Call(id));
        var replay = (await retry.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.True((bool)replay["replay"]!);
        Assert.Equal((string?)first["ingestionId"], (string?)replay["ingestionId"]);

        // Later the call is closed again (the agent reopened it): same id, new body.
        var update = await PostAsync(Call(id, closedAt: "2026-11-22T09:40:00+01:00"));
        Assert.False((bool)(await update.Content.ReadFromJsonAsync<JsonObject>())!["replay"]!);

        var rows = await _azurite.CreateServices().GetTableClient(TableNames.Interactions)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"InteractionId eq {id}")).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T08:40:00Z"), row.GetDateTimeOffset("ClosedAt"));
    }

    [Fact]
    public async Task Batch_with_invalid_items_is_refused_whole_naming_each_item_and_field()
    {
        var good = "call-" + Guid.NewGuid().ToString("N");
        var batch = $$"""
            {"interactions":[
              {{Call(good)}},
              {"id":"c2","channel":"phone","propertyId":"paris-opera","type":"request",
               "receivedAt":"2026-11-22T09:10:00+01:00","answeredAt":"2026-11-22T09:09:00+01:00"},
              {"id":"c3","channel":"pigeon","propertyId":"paris-opera","type":"request","receivedAt":"2026-11-22T09:10:00+01:00",
               "closedAt":"2026-11-22T08:00:00+01:00"},
              {"channel":"desk","type":"praise","receivedAt":"2026-11-22T09:10:00+01:00"}
            ]}
            """;

        var response = await PostAsync(batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("interactions[1].answeredAt", errors);
        Assert.Contains("interactions[2].channel", errors);
        Assert.Contains("interactions[2].closedAt", errors);
        Assert.Contains("interactions[3].id", errors);
        Assert.Contains("interactions[3].propertyId", errors);
        Assert.Contains("interactions[3].type", errors);
        Assert.DoesNotContain(errors, e => e.StartsWith("interactions[0]", StringComparison.Ordinal));
        var stored = await _azurite.CreateServices().GetTableClient(TableNames.Interactions)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"InteractionId eq {good}")).ToListAsync();
        Assert.Empty(stored);
    }

    [Fact]
    public async Task Array_batch_is_stored_one_row_per_interaction()
    {
        var a = "chat-" + Guid.NewGuid().ToString("N");
        var b = "desk-" + Guid.NewGuid().ToString("N");
        var batch = $$"""
            [{"id":"{{a}}","channel":"chat","propertyId":"lyon-centre","type":"information","receivedAt":"2026-11-21T18:00:00Z",
              "abandoned":true,"abandonedAt":"2026-11-21T18:03:00Z"},
             {"id":"{{b}}","channel":"desk","propertyId":"lyon-centre","type":"request","receivedAt":"2026-11-21T19:00:00Z"}]
            """;

        var response = await PostAsync(batch);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, receipt["interactions"]!.AsArray().Count);
        var table = _azurite.CreateServices().GetTableClient(TableNames.Interactions);
        var abandoned = await table.GetEntityOrDefaultAsync((string)receipt["interactionPartition"]!, (string)receipt["interactions"]![0]!["rowKey"]!);
        Assert.True(abandoned!.GetBoolean("Abandoned"));
        Assert.Equal("chat", abandoned.GetString("Channel"));
        Assert.NotNull(await table.GetEntityOrDefaultAsync((string)receipt["interactionPartition"]!, (string)receipt["interactions"]![1]!["rowKey"]!));
    }

    [Fact]
    public async Task Wrong_value_type_is_a_400_naming_the_field_in_the_batch()
    {
        var response = await PostAsync("""{"interactions":[{"id":"x","abandoned":"maybe"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key);
        Assert.Contains("interactions[0].abandoned", errors);
    }

    [Theory]
    [InlineData("receivedAt", "0001-01-01T00:00:00Z")]
    [InlineData("closedAt", "9999-12-31T23:59:59Z")]
    [InlineData("answeredAt", "9999-12-31T23:59:59-01:00")]
    public async Task Time_beyond_the_supported_dates_is_a_400_naming_it(string field, string value)
    {
        var body = JsonNode.Parse(Call("call-" + Guid.NewGuid().ToString("N")))!;
        body[field] = value;

        var response = await PostAsync(body.ToJsonString());

        Assert.Contains(field, await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Interaction_with_a_bad_signature_is_a_401_problem_and_nothing_is_stored()
    {
        var id = "call-" + Guid.NewGuid().ToString("N");
        var response = await PostAsync(Call(id), secret: CrmAppFactory.SurveysSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var stored = await _azurite.CreateServices().GetTableClient(TableNames.Interactions)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"InteractionId eq {id}")).ToListAsync();
        Assert.Empty(stored);
    }

    [Fact]
    public async Task Logs_carry_ids_but_never_the_guests_email_or_phone()
    {
        var response = await PostAsync(Call("call-" + Guid.NewGuid().ToString("N")));
        var ingestionId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;

        Assert.Contains(_factory.Logs.Lines, l => l.Contains(ingestionId, StringComparison.Ordinal));
        Assert.DoesNotContain(_factory.Logs.Lines, l => l.Contains("paul.bernard", StringComparison.OrdinalIgnoreCase)
            || l.Contains("98 76 54 32", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}

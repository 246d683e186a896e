using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Ingest;

/// <summary>Signed staff skills self-assessments through real HTTP against a real Azurite.</summary>
public sealed class StaffAssessmentIntakeTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly CrmAppFactory _factory;
    private readonly HttpClient _client;

    public StaffAssessmentIntakeTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = new CrmAppFactory(azurite);
        _client = _factory.CreateClient();
    }

    private static string Assessment(string id, int rating = 4, string skill = "listening") => $$"""
        {"assessmentId":"{{id}}","propertyId":"paris-opera","team":"front-desk","skill":"{{skill}}","rating":{{rating}},
         "assessedAt":"2026-11-20T17:30:00+01:00","staffId":"E-2041"}
        """;

    private Task<HttpResponseMessage> PostAsync(string body, string secret = CrmAppFactory.StaffSecret) =>
        _client.SendAsync(Signing.SignedPost("/api/staff-assessments", body, secret));

    [Fact]
    public async Task Batch_of_assessments_is_archived_stored_and_its_status_can_be_read()
    {
        var a = Guid.NewGuid().ToString("N");
        var b = Guid.NewGuid().ToString("N");
        var body = $$"""{"assessments":[{{Assessment(a)}},{{Assessment(b, rating: 2, skill: "languages")}}]}""";

        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var storage = _azurite.CreateServices();
        var rawBlob = ((string)receipt["rawBlob"]!)["raw/".Length..];
        Assert.StartsWith("staff-assessments/", rawBlob);
        Assert.Equal(body, (await storage.GetBlobContainerClient(ContainerNames.Raw).DownloadAsync(rawBlob)).ToString());
        var table = storage.GetTableClient(TableNames.StaffAssessments);
        var second = await table.GetEntityOrDefaultAsync((string)receipt["assessmentPartition"]!, (string)receipt["assessments"]![1]!["rowKey"]!);
        Assert.NotNull(second);
        Assert.Equal("languages", second.GetString("Skill"));
        Assert.Equal(2, second.GetInt32("Rating"));
        Assert.Equal("2026-11-20", second.GetString("AssessedOn"));
        Assert.Equal("front-desk", second.GetString("Team"));
        Assert.Equal("E-2041", second.GetString("StaffId"));
        var status = (await _client.GetFromJsonAsync<JsonObject>((string)receipt["statusUrl"]!))!;
        Assert.Equal("staff-assessments", (string?)status["kind"]);
        Assert.Equal("staff", (string?)status["source"]);
        Assert.Equal(2, (int?)status["records"]);
    }

    [Fact]
    public async Task Invalid_assessments_are_a_400_naming_each_item_and_field()
    {
        var body = $$"""
            [{{Assessment("ok")}},
             {"assessmentId":"x","propertyId":"paris-opera","skill":"listening","rating":6,"assessedAt":"2026-11-20T17:30:00Z"},
             {"assessmentId":"y","propertyId":"paris-opera","rating":3,"staffId":"Marie Dupont"}]
            """;

        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("assessments[1].rating", errors);
        Assert.Contains("assessments[2].skill", errors);
        Assert.Contains("assessments[2].assessedAt", errors);
        Assert.Contains("assessments[2].staffId", errors);
        Assert.DoesNotContain(errors, e => e.StartsWith("assessments[0]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task Assessment_time_beyond_the_supported_dates_is_a_400_naming_it(string assessedAt)
    {
        var body = Assessment(Guid.NewGuid().ToString("N")).Replace("2026-11-20T17:30:00+01:00", assessedAt);

        var response = await PostAsync(body);

        Assert.Equal(["assessedAt"], await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Assessment_with_a_bad_signature_is_a_401_problem()
    {
        var response = await PostAsync(Assessment("sig"), secret: CrmAppFactory.SurveysSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Redelivered_assessment_is_a_replay_stored_once()
    {
        var id = Guid.NewGuid().ToString("N");
        var first = (await (await PostAsync(Assessment(id))).Content.ReadFromJsonAsync<JsonObject>())!;
        var second = (await (await PostAsync(Assessment(id))).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.True((bool)second["replay"]!);
        Assert.Equal((string?)first["ingestionId"], (string?)second["ingestionId"]);
        var rows = await _azurite.CreateServices().GetTableClient(TableNames.StaffAssessments)
            .QueryRowsAsync(TableClient.CreateQueryFilter($"AssessmentId eq {id}")).ToListAsync();
        Assert.Single(rows);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}

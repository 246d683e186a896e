using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Ingest;
using CrmFunctions.Privacy;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmFunctions.Tests.Privacy;

/// <summary>Each archived payload notes whose it is, as keyed hashes only, so an erasure reads only the payloads that may hold its guest.</summary>
public sealed class ArchiveGuestKeysTests(AzuriteFixture azurite) : AppTest(azurite, factory => factory.Settings["Pipeline:DefaultCountry"] = "FR")
{
    [Fact]
    public async Task A_payload_lists_the_keys_of_the_guests_it_names_and_never_their_contact_points()
    {
        var keyer = Factory.Services.GetRequiredService<GuestKeyer>();
        var email = $"nina.{Guid.NewGuid():N}@example.fr";
        var survey = await PostSignedAsync("/api/surveys", CrmAppFactory.SurveysSecret, $$"""
            {"surveyId":"post-stay","responseId":"r-{{Guid.NewGuid():N}}","propertyId":"paris-opera","nps":9,
             "respondent":{"email":"{{email.ToUpperInvariant()}}","phone":"06 12 34 56 78"},"submittedAt":"2026-11-20T10:00:00Z"}
            """);
        var staff = await PostSignedAsync("/api/staff-assessments", CrmAppFactory.StaffSecret, $$"""
            {"assessmentId":"sa-{{Guid.NewGuid():N}}","propertyId":"paris-opera","team":"front-desk","staffId":"ag-12","skill":"listening","rating":4,
             "assessedAt":"2026-11-20T16:00:00Z"}
            """);
        var contacts = await Client.PostAsync("/api/contacts", Signing.Json(new JsonObject
        {
            ["contacts"] = new JsonArray([.. Enumerable.Range(0, 80).Select(i => (JsonNode)new JsonObject { ["emails"] = new JsonArray($"g{i}.{Guid.NewGuid():N}@example.fr") })]),
        }.ToJsonString()));

        var listed = (await MetadataAsync(survey))[RawGuestKeys.Metadata].Split(' ');
        Assert.Equal([keyer.OfEmail(email)!, keyer.OfPhone("+33612345678", null)!], listed.Order());
        Assert.Equal("", (await MetadataAsync(staff))[RawGuestKeys.Metadata]);
        Assert.Equal(RawGuestKeys.Many, (await MetadataAsync(await contacts.Content.ReadFromJsonAsync<JsonObject>()))[RawGuestKeys.Metadata]);
        Assert.DoesNotContain("example.fr", string.Join(' ', (await MetadataAsync(survey)).Values), StringComparison.Ordinal);
    }

    private async Task<IDictionary<string, string>> MetadataAsync(JsonObject? receipt)
    {
        var blob = ((string)receipt!["rawBlob"]!)[(ContainerNames.Raw.Length + 1)..];
        return (await Azurite.CreateServices().GetBlobContainerClient(ContainerNames.Raw).GetBlobClient(blob).GetPropertiesAsync()).Value.Metadata;
    }

    private async Task<JsonObject?> PostSignedAsync(string route, string secret, string body)
    {
        var response = await Client.SendAsync(Signing.SignedPost(route, body, secret));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonObject>();
    }
}

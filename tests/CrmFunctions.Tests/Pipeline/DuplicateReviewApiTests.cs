using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmFunctions.Tests.Pipeline;

/// <summary>The review API over real HTTP, on golden records the pipeline's own deduplicator placed in Azurite.</summary>
public sealed class DuplicateReviewApiTests(AzuriteFixture azurite) : AppTest(azurite)
{
    private Deduplicator Deduplicator => Factory.Services.GetRequiredService<Deduplicator>();

    // A random number inside a block the French numbering plan allocates (06 1x, 07 5x): an unallocated
    // block (06 39, 07 0x) is not a valid phone and would not show as one on the golden record.
    private static string Mobile(string prefix) =>
        prefix + Random.Shared.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Two relatives sharing a phone and an address: the matcher asks a person.</summary>
    private async Task<(string First, string Second, string PairId)> HouseholdAsync(string family)
    {
        var jean = new ContactInput
        {
            GivenName = "Jean", FamilyName = family, Phones = [Mobile("061")],
            Address = new PostalAddress { Street = "12 rue de la Paix", PostalCode = "75002", City = "Paris" },
        };
        var first = await Deduplicator.ApplyAsync(PipelineStores.Contact("pms", Guid.NewGuid().ToString("N"), jean), CancellationToken.None);
        var second = await Deduplicator.ApplyAsync(PipelineStores.Contact("pms", Guid.NewGuid().ToString("N"), jean with { GivenName = "Claire" }), CancellationToken.None);
        Assert.Equal("possible-duplicate", second.Outcome);
        return (first.ContactId, second.ContactId, DuplicateReviews.PairId(first.ContactId, second.ContactId));
    }

    private static void AssertEnriched(JsonObject guest, int members)
    {
        var profile = guest["profile"]!;
        Assert.Equal(members, (int?)profile["memberCount"]);
        foreach (var field in new[] { "segment", "loyaltyTier", "completenessScore", "emailDomainKind", "enrichedAt" })
            Assert.True(profile[field] is not null, $"the profile has no {field}: {profile.ToJsonString()}");
    }

    private Task<HttpResponseMessage> ResolveAsync(string pairId, string body) =>
        Client.PostAsync($"/api/duplicates/{pairId}/resolve", Signing.Json(body));

    [Fact]
    public async Task Open_pairs_are_listed_with_their_explanation_and_a_never_link_survives_later_arrivals()
    {
        var (first, second, pairId) = await HouseholdAsync("Lefebvre");

        var list = (await Client.GetFromJsonAsync<JsonObject>("/api/duplicates?limit=1000"))!;
        var pair = list["pairs"]!.AsArray().Single(p => (string?)p!["pairId"] == pairId)!;
        Assert.Equal(new[] { first, second }.Order(), new[] { (string)pair["contactA"]!, (string)pair["contactB"]! }.Order());
        var explanation = pair["explanation"]!;
        Assert.True((double)explanation["score"]! >= (double)explanation["reviewThreshold"]!);
        // Below the auto-merge bar, or above it but held back by a veto (two given names of one household).
        Assert.True((double)explanation["score"]! < (double)explanation["autoMergeThreshold"]!
            || explanation["vetoes"]!.AsArray().Any(v => (string?)v == "given_name:different"));
        Assert.Contains(explanation["comparisons"]!.AsArray(), c => (string?)c!["field"] == "given_name" && (string?)c["level"] == "different");

        var resolved = await ResolveAsync(pairId, """{"decision":"never-link","decidedBy":"front-desk"}""");
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var again = await ResolveAsync(pairId, """{"decision":"merge"}""");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        // Claire comes back from another system: she joins her own record, and nobody is asked again.
        var golden = await GoldenAsync(second);
        var claire = golden["goldenRecord"]!["members"]![0]!["contact"]!;
        var back = new ContactInput
        {
            GivenName = "Claire", FamilyName = "Lefebvre", Phones = [(string)claire["phones"]![0]!["e164"]!],
            Address = new PostalAddress { Street = "12 rue de la Paix", PostalCode = "75002", City = "Paris" },
        };
        var later = await Deduplicator.ApplyAsync(PipelineStores.Contact("booking-engine", Guid.NewGuid().ToString("N"), back), CancellationToken.None);
        Assert.Equal(second, later.ContactId);
        list = (await Client.GetFromJsonAsync<JsonObject>("/api/duplicates?limit=1000"))!;
        Assert.DoesNotContain(list["pairs"]!.AsArray(), p => (string?)p!["pairId"] == pairId);
        Assert.Equal("never-link", (string?)(await Client.GetFromJsonAsync<JsonObject>($"/api/duplicates/{pairId}"))!["status"]);
        Assert.Contains((await GoldenAsync(first))["mergeLog"]!.AsArray(), e => (string?)e!["outcome"] == "review-never-link" && (string?)e["decidedBy"] == "front-desk");
    }

    [Fact]
    public async Task Merging_a_pair_makes_one_golden_record_and_the_other_id_points_to_it()
    {
        var (first, second, pairId) = await HouseholdAsync("Garnier");

        var response = await ResolveAsync(pairId, """{"decision":"merge","decidedBy":"crm-manager"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var (keptId, goneId) = ((string)answer["contactId"]!, (string)answer["otherContactId"]!);
        Assert.Equal(new[] { first, second }.Order(), new[] { keptId, goneId }.Order());
        var kept = await GoldenAsync(keptId);
        Assert.Equal(2, kept["goldenRecord"]!["members"]!.AsArray().Count);
        // The merged guest's profile is the enrich stage's whole profile, not only what needs no rules.
        AssertEnriched(kept, members: 2);
        Assert.Contains(kept["mergeLog"]!.AsArray(), e => (string?)e!["outcome"] == "review-merge" && (string?)e["otherContactId"] == goneId);
        var gone = await GoldenAsync(goneId);
        Assert.Equal(keptId, (string?)gone["mergedInto"]);
        Assert.Null(gone["goldenRecord"]);
        Assert.Equal("merge", (string?)(await Client.GetFromJsonAsync<JsonObject>($"/api/duplicates/{pairId}"))!["status"]);
    }

    [Fact]
    public async Task A_merge_links_the_answers_of_both_records_to_the_one_kept()
    {
        var (first, second, pairId) = await HouseholdAsync("Mercier");
        var surveys = Azurite.CreateServices().GetTableClient(TableNames.Surveys);
        var profiles = Factory.Services.GetRequiredService<ContactProfiles>();
        var answers = new Dictionary<string, string>();
        foreach (var (contactId, nps) in new[] { (first, 9), (second, 4) })
        {
            var surveyId = "resp-" + Guid.NewGuid().ToString("N");
            await surveys.AddEntityAsync(new TableEntity("post-stay", surveyId) { ["Nps"] = nps, ["SubmittedAt"] = DateTimeOffset.UtcNow.AddHours(-nps) });
            await profiles.LinkSurveyAsync(contactId, surveyId, "post-stay", CancellationToken.None);
            await Factory.Services.GetRequiredService<GuestProfileRefresher>().RefreshAsync(contactId, CancellationToken.None);
            Assert.NotNull(await profiles.GetProfileAsync(contactId, CancellationToken.None));
            answers[contactId] = surveyId;
        }

        var merged = (await (await ResolveAsync(pairId, """{"decision":"merge"}""")).Content.ReadFromJsonAsync<JsonObject>())!;

        var (keptId, goneId) = ((string)merged["contactId"]!, (string)merged["otherContactId"]!);
        var kept = await GoldenAsync(keptId);
        Assert.Equal(answers.Values.Order(), kept["surveys"]!.AsArray().Select(x => (string)x!["surveyId"]!).Order());
        Assert.Equal(2, (int?)kept["profile"]!["surveys"]);
        Assert.Equal(keptId, (await surveys.GetEntityOrDefaultAsync("post-stay", answers[goneId]))!.GetString("ContactId"));
        // Nothing of the guest stays in the partition of the record merged away but the pointer and its log.
        Assert.Empty(await profiles.SurveysOfAsync(goneId, CancellationToken.None));
        Assert.Null(await profiles.GetProfileAsync(goneId, CancellationToken.None));
    }

    [Fact]
    public async Task Unmerging_a_member_gives_it_its_own_golden_record_back_and_the_index_follows()
    {
        var email = $"marc.{Guid.NewGuid():N}@example.fr";
        var marc = new ContactInput { GivenName = "Marc", FamilyName = "Petit", Emails = [email], Phones = [Mobile("061")] };
        var founding = await Deduplicator.ApplyAsync(PipelineStores.Contact("pms", Guid.NewGuid().ToString("N"), marc), CancellationToken.None);
        // A son with the same name and his father's e-mail on a web form: merged, wrongly.
        var sonPhone = Mobile("075");
        var sonRecord = Guid.NewGuid().ToString("N");
        var son = await Deduplicator.ApplyAsync(PipelineStores.Contact("web-form", sonRecord, marc with { Phones = [sonPhone] }), CancellationToken.None);
        Assert.Equal(("merge", founding.ContactId), (son.Outcome, son.ContactId));

        var response = await Client.PostAsync($"/api/golden-records/{founding.ContactId}/unmerge",
            Signing.Json($$"""{"member":"web-form/{{sonRecord}}","decidedBy":"front-desk"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var split = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["memberContactId"]!;
        Assert.NotEqual(founding.ContactId, split);
        Assert.Single((await GoldenAsync(founding.ContactId))["goldenRecord"]!["members"]!.AsArray());
        var own = await GoldenAsync(split);
        Assert.Equal($"web-form/{sonRecord}", (string?)own["goldenRecord"]!["members"]![0]!["key"]);
        AssertEnriched(own, members: 1);
        AssertEnriched(await GoldenAsync(founding.ContactId), members: 1);
        var undo = (await GoldenAsync(founding.ContactId))["mergeLog"]!.AsArray().Single(e => (string?)e!["outcome"] == "unmerge")!;
        Assert.Contains("undoes the merge decision", (string?)undo["note"]);

        // The son's phone now finds his own record, never his father's again.
        var next = await Deduplicator.ApplyAsync(PipelineStores.Contact("booking-engine", Guid.NewGuid().ToString("N"),
            new ContactInput { GivenName = "Marc", FamilyName = "Petit", Phones = [sonPhone] }), CancellationToken.None);
        Assert.Equal(split, next.ContactId);
        var list = (await Client.GetFromJsonAsync<JsonObject>("/api/duplicates?limit=1000"))!;
        Assert.DoesNotContain(list["pairs"]!.AsArray(), p => (string?)p!["pairId"] == DuplicateReviews.PairId(founding.ContactId, split));
    }

    [Fact]
    public async Task A_review_merge_can_be_undone_by_unmerging_the_record_that_was_merged_in()
    {
        var (first, second, pairId) = await HouseholdAsync("Roux");
        var merged = (await (await ResolveAsync(pairId, """{"decision":"merge"}""")).Content.ReadFromJsonAsync<JsonObject>())!;
        var (keptId, goneId) = ((string)merged["contactId"]!, (string)merged["otherContactId"]!);
        var goneMember = (string)(await GoldenAsync(keptId))["goldenRecord"]!["members"]!.AsArray()
            .Select(m => m!).Single(m => ContactIdOf(m) == goneId)["key"]!;

        var response = await Client.PostAsync($"/api/golden-records/{keptId}/unmerge", Signing.Json($$"""{"member":"{{goneMember}}"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var split = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["memberContactId"]!;
        Assert.NotEqual(goneId, split); // the old id stays a pointer; the split record gets a fresh one
        Assert.Single((await GoldenAsync(keptId))["goldenRecord"]!["members"]!.AsArray());
        Assert.Equal(goneMember, (string?)(await GoldenAsync(split))["goldenRecord"]!["members"]![0]!["key"]);
        Assert.Contains(new[] { first, second }, id => id == keptId);
    }

    /// <summary>The golden record id a member founded: derived from its origin.</summary>
    private static string ContactIdOf(JsonNode member) => CrmFunctions.Core.Matching.ContactIds.For(new CrmFunctions.Core.Normalization.ContactOrigin(
        (string)member["origin"]!["source"]!, (string)member["origin"]!["sourceRecordId"]!, default));

    [Fact]
    public async Task Bad_input_and_unknown_ids_answer_problem_json_naming_the_field()
    {
        var (_, _, pairId) = await HouseholdAsync("Moreau");

        var badDecision = await ResolveAsync(pairId, """{"decision":"maybe"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badDecision.StatusCode);
        Assert.Contains("decision", (await badDecision.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));

        var unknownPair = await ResolveAsync("ct-aaaa_ct-bbbb", """{"decision":"merge"}""");
        Assert.Equal(HttpStatusCode.NotFound, unknownPair.StatusCode);
        Assert.Equal("application/problem+json", unknownPair.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/golden-records/ct-nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/duplicates?limit=0")).StatusCode);

        var badMember = await Client.PostAsync("/api/golden-records/ct-nobody/unmerge", Signing.Json("""{"member":""}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badMember.StatusCode);
        Assert.Contains("member", (await badMember.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        var unknownRecord = await Client.PostAsync("/api/golden-records/ct-nobody/unmerge", Signing.Json("""{"member":"pms/x"}"""));
        Assert.Equal(HttpStatusCode.NotFound, unknownRecord.StatusCode);
        var notJson = await Client.PostAsync($"/api/duplicates/{pairId}/resolve", new StringContent("decision=merge"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }
}

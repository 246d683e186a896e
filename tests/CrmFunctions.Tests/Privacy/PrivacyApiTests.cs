using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Privacy;

/// <summary>The privacy routes as a data protection officer uses them: access, erasure and its status, suppression, the audit.</summary>
public sealed class PrivacyApiTests(AzuriteFixture azurite) : AppTest(azurite, CrmAppFactory.RunPipelineInOrder)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private PipelineProbe Probe => new(Azurite, Factory.Logs, Patience);

    public static TheoryData<string, string> BadErasures => new()
    {
        { """{}""", "email" },
        { """{"email":"a@example.fr","phone":"+33612345678"}""", "phone" },
        { """{"email":"not-an-address"}""", "email" },
        { """{"phone":"12"}""", "phone" },
        { """{"contactId":"G-1042"}""", "contactId" },
        { """{"contactId":"ct-0123456789abcdef012/"}""", "contactId" },
        { """{"email":"a@example.fr","reason":"REASON"}""".Replace("REASON", new string('x', 501)), "reason" },
        { """{"email":"a@example.fr","requestedBy":42}""", "requestedBy" },
    };

    [Theory]
    [MemberData(nameof(BadErasures))]
    public async Task A_bad_erasure_request_is_a_problem_naming_the_field(string body, string field)
    {
        var response = await Client.PostAsync("/api/privacy/erasures", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Contains(field, await ProblemAssert.BadRequestFieldsAsync(response));
    }

    [Fact]
    public async Task Requests_that_are_not_json_or_name_nobody_are_refused_clearly()
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await Client.PostAsync("/api/privacy/erasures", new StringContent("email=a@example.fr", Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.NotEmpty(await ProblemAssert.BadRequestFieldsAsync(
            await Client.PostAsync("/api/privacy/erasures", new StringContent("{\"email\":", Encoding.UTF8, "application/json"))));
        Assert.Contains("email", await ProblemAssert.BadRequestFieldsAsync(await Client.GetAsync("/api/privacy/guests")));
        Assert.Contains("email", await ProblemAssert.BadRequestFieldsAsync(await Client.GetAsync("/api/privacy/guests?email=nobody")));
        var unknown = await Client.GetAsync("/api/privacy/guests?email=" + Uri.EscapeDataString($"nobody.{Guid.NewGuid():N}@example.fr"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/privacy/erasures/er-20261205010000000-0123456789ab")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/privacy/erasures/'%20or%20''='")).StatusCode);
    }

    [Fact]
    public async Task The_export_holds_the_golden_record_with_consent_proof_the_answers_and_the_archived_payloads_and_is_audited_without_the_address()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var email = $"lea.{tag}@example.fr";
        var contact = $$$"""
            {"source":"web-form","contacts":[{"givenName":"Léa","familyName":"Vasseur{{{tag[..4]}}}","emails":["{{{email}}}"],"phones":["06 14 {{{Random.Shared.Next(10, 99)}}} 22 33"],
              "consents":[{"channel":"email","granted":true,"at":"2026-11-20T10:00:00Z","source":"web-form","wordingVersion":"newsletter-2026-03",
                           "evidence":{"ip":"203.0.113.7"}}]}]}
            """;
        var posted = await Client.PostAsync("/api/contacts", Signing.Json(contact));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var ingestionId = (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
        await Probe.WaitPlacedAsync("web-form", ingestionId, 1);

        var response = await Client.GetAsync("/api/privacy/guests?requestedBy=dpo&email=" + Uri.EscapeDataString(email.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var golden = Assert.Single(export["goldenRecords"]!.AsArray())!;
        var consent = Assert.Single(golden["goldenRecord"]!["consents"]!.AsArray())!;
        Assert.Equal("newsletter-2026-03", (string?)consent["wordingVersion"]);
        Assert.Equal("203.0.113.7", (string?)consent["evidence"]!["ip"]);
        Assert.NotEmpty(golden["mergeLog"]!.AsArray());
        Assert.NotNull(golden["profile"]);
        var payload = Assert.Single(export["rawPayloads"]!.AsArray())!;
        Assert.Equal($"raw/contacts/{ingestionId[..4]}/{ingestionId[4..6]}/{ingestionId[6..8]}/{ingestionId}.json", (string?)payload["blob"]);
        Assert.Equal(email, (string?)payload["records"]![0]!["emails"]![0]);

        var log = await Azurite.CreateServices().GetTableClient(TableNames.PrivacyLog)
            .QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "export").ToListAsync();
        var audit = Assert.Single(log, r => r.GetString("RequestedBy") == "dpo" && r.GetString("Status") == "completed");
        Assert.Equal("email", audit.GetString("Scope"));
        Assert.DoesNotContain(log.SelectMany(r => r.Select(p => p.Value)), v => v?.ToString()?.Contains(tag, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(Factory.Logs.Lines, l => l.Contains(tag, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_erased_guest_comes_back_only_with_a_consent_given_after_the_erasure()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var email = $"marc.{tag}@example.fr";
        string Contact(string consents) =>
            $$"""{"source":"pms","contacts":[{"givenName":"Marc","familyName":"Lenoir{{tag[..4]}}","emails":["{{email}}"],"consents":[{{consents}}]}]}""";
        var first = await PostContactAsync(Contact("""{"channel":"email","granted":true,"at":"2026-11-01T10:00:00Z","source":"desk"}"""));
        await Probe.WaitPlacedAsync("pms", first, 1);

        var status = await EraseAsync(new { email });
        Assert.Equal("completed", (string?)status["status"]);
        Assert.True((int)status["counts"]![TableNames.Contacts]! > 0);
        Assert.Equal(1, (int)status["counts"]![TableNames.PrivacySuppressions]!);

        // The PMS sends its old record again: the guest does not come back.
        await PostContactAsync(Contact("""{"channel":"email","granted":true,"at":"2026-11-01T10:00:00Z","source":"desk"}"""));
        await Probe.WaitUntilAsync(PipelineIdleAsync);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/privacy/guests?email=" + Uri.EscapeDataString(email))).StatusCode);

        // The guest signs up again: a consent given after the erasure re-creates them.
        // Consent times are whole seconds here and may not lie in the future: let a second pass since the erasure.
        var erasedAt = DateTimeOffset.Parse((string)status["completedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        await Probe.WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > erasedAt.AddSeconds(1.1)));
        var consentAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var back = await PostContactAsync(Contact($$"""{"channel":"email","granted":true,"at":"{{consentAt}}","source":"web-form"}"""));
        await Probe.WaitPlacedAsync("pms", back, 1);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/privacy/guests?email=" + Uri.EscapeDataString(email))).StatusCode);
        var suppressions = Azurite.CreateServices().GetTableClient(TableNames.PrivacySuppressions).QueryAsync<Azure.Data.Tables.TableEntity>();
        Assert.DoesNotContain(await suppressions.ToListAsync(), r => r.GetString("ErasureId") == (string?)status["id"]);
    }

    /// <summary>No message waiting or in flight on the contact queues (a received message still counts until deleted).</summary>
    private async Task<bool> PipelineIdleAsync()
    {
        var storage = Azurite.CreateServices();
        foreach (var queue in new[] { QueueNames.ContactsNormalize, QueueNames.ContactsDedupe, QueueNames.ContactsEnrich })
            if (await storage.GetQueueClient(queue).ApproximateCountAsync() > 0) return false;
        return true;
    }

    private async Task<string> PostContactAsync(string body)
    {
        var response = await Client.PostAsync("/api/contacts", Signing.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["ingestionId"]!;
    }

    private async Task<JsonObject> EraseAsync(object body)
    {
        var accepted = await Client.PostAsJsonAsync("/api/privacy/erasures", body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var receipt = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("pending", (string?)receipt["status"]);
        Assert.Equal("/api/privacy/erasures/" + (string)receipt["erasureId"]!, accepted.Headers.Location?.OriginalString);
        JsonObject status = [];
        await Probe.WaitUntilAsync(async () => (string?)(status = (await Client.GetFromJsonAsync<JsonObject>((string)receipt["statusUrl"]!))!)["status"] == "completed");
        return status;
    }
}

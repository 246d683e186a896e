using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmFunctions.Campaigns.StandIn;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>The local Brevo stand-in (brevo-standin) over real HTTP: Brevo's documented answers, and no recipient kept.</summary>
public sealed class BrevoStandInTests : IAsyncLifetime
{
    private readonly string _requests = Path.Combine(Path.GetTempPath(), "brevo-standin-" + Guid.NewGuid().ToString("N") + ".jsonl");
    private readonly StringWriter _console = new();
    private readonly HttpClient _client = new();
    private BrevoStandIn _standIn = null!;

    public async Task InitializeAsync() => _standIn = await BrevoStandIn.StartAsync(0, _requests, _console, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _standIn.DisposeAsync();
        _client.Dispose();
        File.Delete(_requests);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body, string? apiKey = "local-key")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_standIn.BaseUrl, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (apiKey is not null) request.Headers.Add("api-key", apiKey);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Answers_as_brevo_documents_and_keeps_no_address_or_name()
    {
        var email = await PostAsync("/v3/smtp/email",
            """{"to":[{"email":"lea.martin@example.fr"}],"templateId":3,"params":{"firstName":"Léa"},"tags":["welcome"]}""");
        var sms = await PostAsync("/v3/transactionalSMS/send",
            """{"sender":"HotelCRM","recipient":"33612345678","content":"Bienvenue","type":"transactional","tag":"service-recovery"}""");
        var noKey = await PostAsync("/v3/smtp/email", """{"to":[{"email":"lea.martin@example.fr"}],"templateId":3}""", apiKey: null);
        var noRecipient = await PostAsync("/v3/transactionalSMS/send", """{"sender":"HotelCRM","content":"Bienvenue"}""");

        Assert.Equal(HttpStatusCode.Created, email.StatusCode);
        Assert.Matches("^<.+@smtp-relay.mailin.fr>$", (string?)(await email.Content.ReadFromJsonAsync<JsonObject>())!["messageId"]);
        Assert.Equal(HttpStatusCode.Created, sms.StatusCode);
        var smsAnswer = (await sms.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(smsAnswer["messageId"]!.GetValue<long>() > 0);
        Assert.NotNull(smsAnswer["reference"]);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noRecipient.StatusCode);
        Assert.Equal("missing_parameter", (string?)(await noRecipient.Content.ReadFromJsonAsync<JsonObject>())!["code"]);

        var summary = (await _client.GetFromJsonAsync<JsonObject>(new Uri(_standIn.BaseUrl, BrevoStandIn.SummaryPath)))!;
        Assert.Equal(1, (int)summary["sent"]!["email"]!["welcome"]!);
        Assert.Equal(1, (int)summary["sent"]!["sms"]!["service-recovery"]!);
        Assert.Equal(2, (int)summary["total"]!);
        var kept = await File.ReadAllLinesAsync(_requests);
        Assert.Equal(4, kept.Length);
        var everything = string.Join('\n', kept) + _console;
        foreach (var personal in new[] { "lea.martin", "Léa", "33612345678" })
            Assert.DoesNotContain(personal, everything, StringComparison.Ordinal);
        Assert.Contains("welcome", kept[0], StringComparison.Ordinal);
    }
}

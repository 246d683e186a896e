using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Ingest;

/// <summary>
/// A source's secret is read from the setting name App Service on Linux passes on: '-' in the source written '_'
/// (Webhooks__Secrets__pms_export for ?source=pms-export).
/// </summary>
public sealed class WebhookSecretSettingTests(AzuriteFixture azurite)
    : AppTest(azurite, factory => factory.Settings["Webhooks:Secrets:pms_export"] = PmsSecret)
{
    private const string PmsSecret = "test-pms-export-secret";

    [Fact]
    public async Task A_source_with_a_hyphen_is_verified_with_the_secret_of_its_underscored_setting()
    {
        var body = SurveyIntakeTests.Survey("resp-" + Guid.NewGuid().ToString("N"));
        var response = await Client.SendAsync(Signing.SignedPost("/api/surveys?source=pms-export", body, PmsSecret));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_source_without_a_secret_is_refused_with_the_setting_to_set()
    {
        var body = SurveyIntakeTests.Survey("resp-" + Guid.NewGuid().ToString("N"));
        var response = await Client.SendAsync(Signing.SignedPost("/api/surveys?source=front-desk-tool", body, PmsSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("Webhooks__Secrets__front_desk_tool", (string?)problem["detail"]);
    }

    [Fact]
    public void An_app_given_a_secret_under_the_source_as_written_does_not_start_and_names_the_setting_to_use()
    {
        using var factory = new CrmAppFactory(Azurite);
        factory.Settings["Webhooks:Secrets:pms-export"] = PmsSecret;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Webhooks__Secrets__pms_export", error.Message);
    }
}

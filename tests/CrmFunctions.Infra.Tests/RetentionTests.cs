using System.Globalization;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Infra.Tests;

/// <summary>
/// The raw archive is kept as long as the app is told, in Azure as in the app: the storage lifecycle rule and the app
/// setting Privacy__RawRetentionDays come from one parameter.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public class RetentionTests(CompiledInfra infra)
{
    private const string Policies = "Microsoft.Storage/storageAccounts/managementPolicies";

    private static JsonObject RawRule(Snapshot deployment)
    {
        var rules = deployment.Single(Policies)["properties"]!["policy"]!["rules"]!.AsArray();
        return Assert.Single(rules, r => r!["definition"]!["filters"]!["prefixMatch"]!.AsArray()
            .Any(p => (string?)p == ContainerNames.Raw + "/"))!.AsObject();
    }

    private static int DeletedAfterDays(JsonObject rule) =>
        (int)rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterCreationGreaterThan"]!;

    [Fact]
    public void The_raw_archive_s_lifecycle_rule_deletes_after_the_days_the_app_is_given()
    {
        var rule = RawRule(infra.Deployment);
        Assert.True((bool)rule["enabled"]!);
        Assert.Equal(RetentionOptions.DefaultRawRetentionDays, DeletedAfterDays(rule));
        Assert.Equal(DeletedAfterDays(rule).ToString(CultureInfo.InvariantCulture), infra.Deployment.AppSettings[SettingNames.PrivacyRawRetentionDays]);
        // The previous versions a deletion leaves (versioning is on) go too.
        Assert.NotNull(rule["definition"]!["actions"]!["version"]!["delete"]!["daysAfterCreationGreaterThan"]);
    }

    [Fact]
    public async Task One_parameter_moves_the_lifecycle_rule_and_the_app_setting_together()
    {
        var deployment = await infra.SnapshotAsync("param rawRetentionDays = 90", "param factRetentionDays = 400");

        Assert.Equal(90, DeletedAfterDays(RawRule(deployment)));
        Assert.Equal("90", deployment.AppSettings[SettingNames.PrivacyRawRetentionDays]);
        Assert.Equal("400", deployment.AppSettings[SettingNames.PrivacyFactRetentionDays]);
    }

    [Theory]
    [InlineData("param rawRetentionDays = 7")]
    [InlineData("param factRetentionDays = 0")]
    public async Task A_retention_the_app_would_refuse_is_refused_before_deployment(string assignment)
    {
        var run = await infra.BuildParamsAsync(assignment);

        Assert.False(run.Succeeded, run.ToString());
    }

    [Fact]
    public void The_deployed_and_sample_retention_settings_are_ones_the_app_starts_with()
    {
        foreach (var settings in new[] { infra.Deployment.AppSettings.ToList(), SampleSettings() })
        {
            var options = new RetentionOptions();
            RetentionOptions.Read(new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(SettingKeys.Of(s.Key), (string?)s.Value)))
                .Build(), options);
            Assert.Empty(options.Problems());
            Assert.Equal(RetentionOptions.DefaultRawRetentionDays, options.RawRetentionDays);
            Assert.Equal(RetentionOptions.DefaultFactRetentionDays, options.FactRetentionDays);
        }
    }

    private static List<KeyValuePair<string, string>> SampleSettings() =>
        JsonNode.Parse(File.ReadAllText(Repo.Path("local.settings.sample.json")))!["Values"]!.AsObject()
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value ?? ""))
            .ToList();
}

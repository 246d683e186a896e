using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CrmFunctions.Infra.Tests;

/// <summary>The templates compile, lint clean, and refuse the parameter values Azure would refuse.</summary>
[Collection(CompiledInfraCollection.Name)]
public class CompilerTests(CompiledInfra infra)
{
    [Fact]
    public void Main_bicep_builds_without_a_diagnostic()
    {
        Assert.True(infra.Build.Succeeded, infra.Build.ToString());
        Assert.Empty(BicepDiagnostic.Of(infra.Build));
    }

    [Fact]
    public void The_linter_finds_no_error_and_no_warning()
    {
        Assert.True(infra.Lint.Succeeded, infra.Lint.ToString());
        var findings = BicepDiagnostic.Of(infra.Lint);
        Assert.True(findings.Count == 0, "bicep lint infra/main.bicep:\n" + string.Join('\n', findings));
    }

    [Fact]
    public void The_parameter_file_builds_and_holds_no_secret()
    {
        Assert.True(infra.BuildParams.Succeeded, infra.BuildParams.ToString());
        Assert.Empty(BicepDiagnostic.Of(infra.BuildParams));
        var parameters = infra.Parameters["parameters"]!.AsObject();
        Assert.Contains("namePrefix", parameters.Select(p => p.Key));
        Assert.DoesNotContain("webhookSecrets", parameters.Select(p => p.Key)); // secrets never go into a committed file
    }

    [Fact]
    public void The_linter_checks_that_api_versions_are_recent()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Infra, "bicepconfig.json")))!;
        var level = (string?)config["analyzers"]?["core"]?["rules"]?["use-recent-api-versions"]?["level"];
        Assert.Contains(level, new[] { "warning", "error" });
    }

    [Fact]
    public void Every_resource_uses_a_released_api_version()
    {
        var versions = ApiVersions(infra.Template).ToList();
        Assert.NotEmpty(versions);
        Assert.All(versions, v => Assert.DoesNotContain("preview", v, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_silenced_linter_rule_says_why()
    {
        var silenced = Directory.EnumerateFiles(Repo.Infra, "*.bicep*", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Where(line => line.TrimStart().StartsWith("#disable", StringComparison.Ordinal))
            .ToList();
        Assert.All(silenced, line => Assert.Matches(@"^\s*#disable-next-line( [a-z0-9-]+)+ // \S.{10,}$", line));
    }

    [Theory]
    [InlineData("a")] // BCP333: too short
    [InlineData("crmcrmcrmcr")] // BCP332: too long for the Key Vault name (24 characters at most)
    public async Task A_name_prefix_of_the_wrong_length_does_not_compile(string prefix)
    {
        var run = await infra.BuildParamsAsync($"param namePrefix = '{prefix}'");
        Assert.False(run.Succeeded, run.ToString());
        Assert.Contains(BicepDiagnostic.Of(run), d => d.Level == "error");
    }

    [Theory]
    [InlineData("crm-x")]
    [InlineData("crm_x")]
    [InlineData("1crm")]
    public async Task A_name_prefix_that_would_make_an_invalid_storage_account_name_fails_before_any_resource(string prefix)
    {
        var (snapshot, run) = await infra.TrySnapshotAsync($"param namePrefix = '{prefix}'");
        Assert.Null(snapshot);
        Assert.Contains($"namePrefix '{prefix}' must hold only letters and digits", run.Output + run.Errors);
    }

    [Fact]
    public void The_default_prefix_gives_valid_names() => AssertValidNames(infra.Deployment);

    [Fact]
    public async Task The_longest_prefix_in_mixed_case_gives_valid_names() => AssertValidNames(await infra.Production);

    [Theory]
    [InlineData(39, false)]
    [InlineData(40, true)]
    [InlineData(1001, false)]
    public async Task Maximum_instance_count_is_limited_to_what_flex_consumption_accepts(int count, bool accepted)
    {
        var run = await infra.BuildParamsAsync($"param maximumInstanceCount = {count}");
        Assert.True(run.Succeeded == accepted, run.ToString());
    }

    [Fact]
    public async Task Production_scales_further_than_dev()
    {
        int MaximumInstances(Snapshot deployment) =>
            (int)deployment.Single("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["maximumInstanceCount"]!;
        Assert.Equal((40, 100), (MaximumInstances(infra.Deployment), MaximumInstances(await infra.Production)));
    }

    /// <summary>Storage accounts, vaults and namespaces have globally unique names with rules of their own.</summary>
    private static void AssertValidNames(Snapshot deployment)
    {
        Assert.Matches("^[a-z0-9]{3,24}$", Snapshot.Name(deployment.Single("Microsoft.Storage/storageAccounts")));
        Assert.Matches("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", Snapshot.Name(deployment.Single("Microsoft.KeyVault/vaults")));
        Assert.Matches("^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$", Snapshot.Name(deployment.Single("Microsoft.ServiceBus/namespaces")));
    }

    private static IEnumerable<string> ApiVersions(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "apiVersion" && p.Value is JsonValue v ? [(string)v!] : ApiVersions(p.Value)),
        JsonArray a => a.SelectMany(ApiVersions),
        _ => [],
    };
}

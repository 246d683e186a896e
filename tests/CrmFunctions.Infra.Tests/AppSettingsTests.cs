using System.Reflection;
using System.Text.RegularExpressions;
using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Infra.Tests;

/// <summary>The function app's settings are the ones the code reads (SettingNames.cs), in the form Flex accepts.</summary>
public class AppSettingsTests
{
    private static readonly BicepText FunctionApp = Repo.Module("functionapp");

    /// <summary>Settings the function app module deploys literally (the webhook references are added by union).</summary>
    private static IReadOnlyList<string> DeployedKeys() =>
        BicepText.TopLevelEntries(FunctionApp.VariableBlock("appSettings")).Select(e => e.Key).ToList();

    private static IReadOnlyList<(string Field, string Value)> CodeSettings() =>
        typeof(SettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true, FieldType.Name: nameof(String) })
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))
            .ToList();

    /// <summary>Local-only settings: the standalone trigger runner.</summary>
    private static bool IsLocalOnly(string setting) => setting.StartsWith("Runner__", StringComparison.Ordinal);

    [Fact]
    public void Every_setting_the_code_reads_is_deployed()
    {
        var deployed = DeployedKeys();
        var expected = CodeSettings()
            .Select(s => s.Value)
            .Where(v => !IsLocalOnly(v))
            // A prefix, expanded per source: checked by Webhook_secrets_are_key_vault_references_for_every_source.
            .Where(v => v != SettingNames.WebhookSecretPrefix)
            // A prefix, expanded per indicator an operator tunes; the catalogue's defaults apply otherwise.
            .Where(v => v != SettingNames.BarometersThresholdPrefix)
            // The connection-string form (UseDevelopmentStorage=true locally) needs shared-key access, which
            // the storage account disables; Azure uses its identity form CrmStorage__accountName/__clientId.
            .Where(v => v != SettingNames.CrmStorage)
            .ToList();
        Assert.NotEmpty(expected);
        var missing = expected.Except(deployed, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "app settings the code reads but functionapp.bicep does not deploy: " + string.Join(", ", missing));
    }

    [Fact]
    public void Local_only_settings_and_the_storage_connection_string_are_not_deployed()
    {
        var deployed = DeployedKeys();
        Assert.Contains(CodeSettings(), s => IsLocalOnly(s.Value)); // the exclusion above is not vacuous
        Assert.DoesNotContain(deployed, k => IsLocalOnly(k));
        Assert.DoesNotContain(SettingNames.CrmStorage, deployed);
        foreach (var file in Repo.AllBicep)
            Assert.DoesNotMatch(new Regex(@"\bRunner__"), file.Code);
    }

    [Fact]
    public void Connections_are_identity_based_with_the_user_assigned_identity()
    {
        var settings = BicepText.TopLevelEntries(FunctionApp.VariableBlock("appSettings")).ToDictionary(e => e.Key, e => e.Value);
        foreach (var connection in new[] { "AzureWebJobsStorage", "ServiceBusConnection" })
        {
            Assert.Equal("'managedidentity'", settings[connection + "__credential"]);
            Assert.Equal("identityClientId", settings[connection + "__clientId"]);
        }
        Assert.Equal("storageAccountName", settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("storageAccountName", settings[SettingNames.CrmStorageAccountName]);
        Assert.Equal("identityClientId", settings[SettingNames.CrmStorageClientId]);
        Assert.Equal("serviceBusFullyQualifiedNamespace", settings[SettingNames.ServiceBusNamespace]);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
        Assert.DoesNotContain(settings.Keys, k => k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && k != "APPLICATIONINSIGHTS_CONNECTION_STRING");
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENT")] // WEBSITE_CONTENTSHARE, WEBSITE_CONTENTAZUREFILECONNECTIONSTRING, ...
    [InlineData("WEBSITE_NODE_DEFAULT_VERSION")]
    [InlineData("AzureWebJobsStorage\"")] // a plain connection string for the host
    public void Settings_that_flex_consumption_rejects_are_not_set(string forbidden)
    {
        var name = forbidden.TrimEnd('"');
        var pattern = forbidden.EndsWith('"') ? $@"\b{name}\s*:" : $@"\b{name}";
        foreach (var file in Repo.AllBicep)
            Assert.False(Regex.IsMatch(file.Code, pattern), $"{file.Path} sets {name}");
        Assert.DoesNotMatch(new Regex(pattern), File.ReadAllText(Repo.Path("infra", "main.parameters.json")));
    }

    [Fact]
    public void Webhook_secrets_are_key_vault_references_for_every_source()
    {
        var secrets = Repo.Module("secrets");
        Assert.Equal(SettingNames.WebhookSecretPrefix, secrets.StringVariable("webhookSettingPrefix"));
        var sources = Repo.Main.StringArrayVariable("webhookSources");
        Assert.Equal(["brevo", "campaign-events", "interactions", "staff", "surveys", "typeform"], sources.OrderBy(s => s, StringComparer.Ordinal));
        Assert.All(sources, s => Assert.Matches("^[a-z0-9-]+$", s)); // valid in a secret name and a setting name

        // secrets.bicep: one reference per source, and the app settings get them all.
        Assert.Matches(@"toObject\(\s*webhookSources\s*,\s*source\s*=>\s*'\$\{webhookSettingPrefix\}\$\{source\}'\s*,\s*source\s*=>\s*'@Microsoft\.KeyVault\(SecretUri=", secrets.Code);
        Assert.Contains(Repo.Main.ModuleParams("secrets"), e => e is { Key: "webhookSources", Value: "webhookSources" });
        Assert.Contains(Repo.Main.ModuleParams("functionapp"), e => e is { Key: "webhookSettingReferences", Value: "secrets.outputs.webhookSettingReferences" });
        Assert.Matches(@"properties:\s*union\(\s*appSettings\s*,\s*webhookSettingReferences\s*\)", FunctionApp.Code);
        // References resolve with the user-assigned identity, not a (non-existent) system identity.
        Assert.Matches(@"keyVaultReferenceIdentity:\s*identityId\b", FunctionApp.Code);
    }

    [Fact]
    public void Barometer_schedule_defaults_to_every_quarter_hour()
    {
        Assert.Matches(@"param\s+barometersSchedule\s+string\s*=\s*'0 \*/15 \* \* \* \*'", Repo.Main.Code);
        Assert.Contains(Repo.Main.ModuleParams("functionapp"), e => e is { Key: "barometersSchedule", Value: "barometersSchedule" });
        var settings = BicepText.TopLevelEntries(FunctionApp.VariableBlock("appSettings")).ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("barometersSchedule", settings[SettingNames.BarometersSchedule]);
    }

    [Fact]
    public void Runs_as_a_custom_handler_on_flex_consumption_deployed_from_blob_with_the_identity()
    {
        var site = FunctionApp.Resources().Single(r => r.Type == "Microsoft.Web/sites");
        Assert.Equal("'functionapp,linux'", site.Entry("kind"));
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'custom'\s*version:\s*'1\.0'\s*\}", site.Body);
        Assert.Matches(@"type:\s*'blobContainer'", site.Body);
        Assert.Matches(@"authentication:\s*\{\s*type:\s*'UserAssignedIdentity'\s*userAssignedIdentityResourceId:\s*identityId\s*\}", site.Body);
        Assert.Matches(@"maximumInstanceCount:\s*maximumInstanceCount", site.Body);
        Assert.Matches(@"instanceMemoryMB:\s*instanceMemoryMB", site.Body);
        var plan = FunctionApp.Resources().Single(r => r.Type == "Microsoft.Web/serverfarms");
        Assert.Matches(@"name:\s*'FC1'\s*tier:\s*'FlexConsumption'", plan.Body);
    }

    [Fact]
    public void Example_parameters_exist_in_main_bicep()
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repo.Path("infra", "main.parameters.json")));
        var declared = Regex.Matches(Repo.Main.Code, @"^\s*param\s+(\w+)\s", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var used = json.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(used);
        Assert.All(used, p => Assert.Contains(p, declared));
        Assert.DoesNotContain("webhookSecrets", used); // secrets never go into a committed file
    }
}

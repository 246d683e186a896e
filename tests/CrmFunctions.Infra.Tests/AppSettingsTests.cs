using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrmFunctions.Barometers;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Infra.Tests;

/// <summary>The function app's settings are the ones the code reads (SettingNames.cs), in the form Flex and Linux keep.</summary>
[Collection(CompiledInfraCollection.Name)]
public class AppSettingsTests(CompiledInfra infra)
{
    /// <summary>The sources whose webhooks the app verifies with a secret (the intake APIs' default sources).</summary>
    private static readonly string[] WebhookSources = ["brevo", "campaign-events", "interactions", "staff", "surveys", "typeform"];

    /// <summary>The Key Vault secret behind Privacy__KeySecret.</summary>
    private const string GuestKeySecretName = "guest-key-secret";

    private IReadOnlyDictionary<string, string> Deployed => infra.Deployment.AppSettings;

    private static IReadOnlyList<string> CodeSettings() =>
        typeof(SettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true, FieldType.Name: nameof(String) })
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    /// <summary>Local-only settings: the standalone trigger runner.</summary>
    private static bool IsLocalOnly(string setting) => setting.StartsWith("Runner__", StringComparison.Ordinal);

    private static IReadOnlyList<string> SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Repo.Path("local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToList();
    }

    [Fact]
    public void Every_setting_the_code_reads_is_deployed()
    {
        var expected = CodeSettings()
            .Where(v => !IsLocalOnly(v))
            // A prefix, expanded per source: checked by Webhook_secrets_are_key_vault_references_for_every_source.
            .Where(v => v != SettingNames.WebhookSecretPrefix)
            // A prefix, expanded per indicator an operator tunes; the catalogue's defaults apply otherwise.
            .Where(v => v != SettingNames.BarometersThresholdPrefix)
            // Prefixes, expanded per trigger kind (and language) an operator sends: nothing is sent without them.
            .Where(v => v is not (SettingNames.CampaignsDestinationPrefix or SettingNames.CampaignsBrevoTemplatePrefix
                or SettingNames.CampaignsBrevoSmsTextPrefix))
            // A prefix, expanded per property whose managers get the alert digests by e-mail.
            .Where(v => v != SettingNames.CampaignsAlertsEmailsPrefix)
            // A prefix, expanded per property in another zone than Campaigns__TimeZone's.
            .Where(v => v != SettingNames.CampaignsTimeZonePrefix)
            // The connection-string form (UseDevelopmentStorage=true locally) needs shared-key access, which
            // the storage account disables; Azure uses its identity form CrmStorage__accountName/__clientId.
            .Where(v => v != SettingNames.CrmStorage)
            .ToList();
        Assert.NotEmpty(expected);
        var missing = expected.Except(Deployed.Keys, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "app settings the code reads but the deployment does not set: " + string.Join(", ", missing));
    }

    [Fact]
    public void Local_only_settings_and_the_storage_connection_string_are_not_deployed()
    {
        Assert.Contains(CodeSettings(), IsLocalOnly); // the exclusion above is not vacuous
        Assert.DoesNotContain(Deployed.Keys, IsLocalOnly);
        Assert.DoesNotContain(SettingNames.CrmStorage, Deployed.Keys);
        Assert.DoesNotContain("Runner__", infra.Template.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_name_survives_app_service_on_linux()
    {
        // App Service accepts letters, digits, '.' and '_' in a setting name; on Linux the app gets '.' as '_' and
        // loses anything else, so a name the app looks up must be made of letters, digits and '_' only.
        Assert.All(Deployed.Keys, name => Assert.Matches("^[A-Za-z0-9_]+$", name));
        Assert.All(SampleSettings(), name => Assert.Matches("^[A-Za-z0-9_]+$", name));
    }

    [Fact]
    public void Indicator_levels_given_by_id_are_deployed_under_the_names_the_app_reads_them_from()
    {
        var given = infra.Parameters["parameters"]!["barometerThresholds"]!["value"]!.AsObject();
        Assert.Contains(IndicatorIds.ServiceLevel, given.Select(i => i.Key)); // an id with '.' and '-' is covered
        var expected = given.SelectMany(indicator => indicator.Value!.AsObject()
                .Select(level => (Setting: SettingNames.BarometerThreshold(indicator.Key, level.Key), Value: level.Value!.ToString())))
            .ToList();
        var deployed = Deployed.Where(s => s.Key.StartsWith(SettingNames.BarometersThresholdPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Select(e => e.Setting).Order(), deployed.Select(s => s.Key).Order());
        Assert.All(expected, e => Assert.Equal(e.Value, Deployed[e.Setting]));

        // The app finds them: the service level's alert level is the deployed one.
        var catalogue = BarometerSettingsFrom(deployed).Catalogue;
        Assert.Equal(double.Parse(Deployed[SettingNames.BarometerThreshold(IndicatorIds.ServiceLevel, "Alert")], CultureInfo.InvariantCulture),
            catalogue.Get(IndicatorIds.ServiceLevel).Alert);
    }

    [Fact]
    public void The_sample_settings_are_barometer_settings_the_app_starts_with()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Repo.Path("local.settings.sample.json")));
        var settings = sample.RootElement.GetProperty("Values").EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? ""))
            .ToList();
        Assert.Contains(settings, s => s.Key == SettingNames.BarometerThreshold(IndicatorIds.ServiceLevel, "Warn"));

        var catalogue = BarometerSettingsFrom(settings).Catalogue;

        Assert.Equal(80, catalogue.Get(IndicatorIds.ServiceLevel).Warn);
    }

    /// <summary>App settings read the way the app reads them (as environment variables: "__" separates sections).</summary>
    private static BarometerSettings BarometerSettingsFrom(IEnumerable<KeyValuePair<string, string>> settings) =>
        BarometerConfiguration.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(SettingKeys.Of(s.Key), (string?)s.Value)))
            .Build());

    [Fact]
    public void Webhook_secrets_are_key_vault_references_for_every_source()
    {
        var vault = Snapshot.Name(infra.Deployment.Single("Microsoft.KeyVault/vaults"));
        var settings = Deployed.Where(s => s.Key.StartsWith(SettingNames.WebhookSecretPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(WebhookSources.Select(SettingNames.WebhookSecret).Order(), settings.Select(s => s.Key).Order());
        foreach (var source in WebhookSources)
        {
            // '@Microsoft.KeyVault(SecretUri=https://{vault}.vault.azure.net/secrets/webhook-{source})', the DNS suffix
            // being the cloud's: the expression stays unevaluated until deployed.
            var reference = Deployed[SettingNames.WebhookSecret(source)];
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/webhook-{1})'", reference);
            Assert.Contains($"'{vault}'", reference);
            Assert.EndsWith($", '{source}')]", reference);
        }
        // References resolve with the user-assigned identity, not a (non-existent) system identity.
        var site = infra.Deployment.Single("Microsoft.Web/sites");
        Assert.Equal(Snapshot.Id(infra.Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities")), (string?)site["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void A_secret_is_written_only_when_a_value_is_given()
    {
        var secrets = infra.Deployment.OfType("Microsoft.KeyVault/vaults/secrets")
            .ToDictionary(s => Snapshot.Name(s).Split('/')[^1], s => (string?)s["condition"]);
        Assert.Equal(WebhookSources.Select(s => "webhook-" + s).Append(GuestKeySecretName).Order(), secrets.Keys.Order());
        // The value is a secure parameter, so the condition stays to be decided at deployment: never an empty secret.
        Assert.All(secrets.Where(s => s.Key != GuestKeySecretName), s => Assert.Contains("webhookSecrets", s.Value));
        Assert.Contains("guestKeySecret", secrets[GuestKeySecretName]);
    }

    [Fact]
    public void The_guest_key_secret_is_a_key_vault_reference()
    {
        // Resolved with the app's identity, which is Key Vault Secrets User on the vault (SecurityAndRolesTests).
        var vault = infra.Deployment.Single("Microsoft.KeyVault/vaults");
        var reference = Deployed[SettingNames.PrivacyKeySecret];
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})'", reference);
        Assert.Contains($"'{Snapshot.Name(vault)}'", reference);
        Assert.EndsWith($", '{GuestKeySecretName}')]", reference);
    }

    [Fact]
    public void The_sample_key_secret_is_one_the_app_starts_with_and_is_marked_local()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Repo.Path("local.settings.sample.json")));
        var secret = sample.RootElement.GetProperty("Values").GetProperty(SettingNames.PrivacyKeySecret).GetString();

        Assert.True(new PrivacyOptionsValidator().Validate(null, new PrivacyOptions { KeySecret = secret }).Succeeded);
        Assert.Contains("local", secret, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_settings_name_a_secret_for_every_webhook_source_as_deployed()
    {
        var sample = SampleSettings().Where(s => s.StartsWith(SettingNames.WebhookSecretPrefix, StringComparison.Ordinal));
        Assert.Equal(WebhookSources.Select(SettingNames.WebhookSecret).Order(), sample.Order());
    }

    [Fact]
    public void Connections_are_identity_based_with_the_user_assigned_identity()
    {
        var storage = Snapshot.Name(infra.Deployment.Single("Microsoft.Storage/storageAccounts"));
        var identity = Snapshot.Id(infra.Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var serviceBus = Snapshot.Id(infra.Deployment.Single("Microsoft.ServiceBus/namespaces"));
        foreach (var connection in new[] { "AzureWebJobsStorage", "ServiceBusConnection" })
            Assert.Equal("managedidentity", Deployed[connection + "__credential"]);
        foreach (var clientId in new[] { "AzureWebJobsStorage__clientId", SettingNames.ServiceBusClientId, SettingNames.CrmStorageClientId })
            Assert.Matches($@"^\[reference\('{Regex.Escape(identity)}', '[^']+'\)\.clientId\]$", Deployed[clientId]);
        Assert.Equal(storage, Deployed["AzureWebJobsStorage__accountName"]);
        Assert.Equal(storage, Deployed[SettingNames.CrmStorageAccountName]);
        Assert.Contains($"reference('{serviceBus}'", Deployed[SettingNames.ServiceBusNamespace]);
        Assert.Contains("Authorization=AAD", Deployed["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", Deployed.Keys);
        Assert.DoesNotContain(Deployed.Keys, k => k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && k != "APPLICATIONINSIGHTS_CONNECTION_STRING");
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENT")] // WEBSITE_CONTENTSHARE, WEBSITE_CONTENTAZUREFILECONNECTIONSTRING, ...
    [InlineData("WEBSITE_NODE_DEFAULT_VERSION")]
    public void Settings_that_flex_consumption_rejects_are_not_set(string forbidden)
    {
        var siteSettings = infra.Deployment.Single("Microsoft.Web/sites")["properties"]!["siteConfig"]?["appSettings"]?.AsArray()
            .Select(s => (string)s!["name"]!) ?? [];
        Assert.DoesNotContain(Deployed.Keys.Concat(siteSettings), name => name.StartsWith(forbidden, StringComparison.OrdinalIgnoreCase));
        // A plain AzureWebJobsStorage would be a connection string with the keys the account refuses.
        Assert.DoesNotContain("AzureWebJobsStorage", Deployed.Keys.Concat(siteSettings));
    }

    [Fact]
    public void Timer_schedules_are_deployed_with_the_default_the_code_knows()
    {
        var timers = FunctionCatalog.All.Select(f => f.Trigger).OfType<TimerTrigger>().ToList();
        Assert.NotEmpty(timers);
        Assert.All(timers, t => Assert.Equal(t.DefaultSchedule, Deployed[t.ScheduleSetting]));
        Assert.Equal(ScheduleParameters.Keys.Order(), timers.Select(t => t.ScheduleSetting).Order());
        Assert.All(timers, t => Assert.Equal(t.DefaultSchedule, (string?)infra.Template["parameters"]![ScheduleParameters[t.ScheduleSetting]]!["defaultValue"]));
    }

    /// <summary>The main.bicep parameter of each timer's schedule.</summary>
    private static readonly Dictionary<string, string> ScheduleParameters = new()
    {
        [SettingNames.BarometersSchedule] = "barometersSchedule",
        [SettingNames.PrivacyRetentionSchedule] = "retentionSchedule",
    };

    [Fact]
    public void Runs_as_a_custom_handler_on_flex_consumption_deployed_from_blob_with_the_identity()
    {
        var site = infra.Deployment.Single("Microsoft.Web/sites");
        var config = site["properties"]!["functionAppConfig"]!;
        var identity = Snapshot.Id(infra.Deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities"));
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal(("custom", "1.0"), ((string?)config["runtime"]!["name"], (string?)config["runtime"]!["version"]));
        var storage = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal(("UserAssignedIdentity", identity),
            ((string?)storage["authentication"]!["type"], (string?)storage["authentication"]!["userAssignedIdentityResourceId"]));
        Assert.Equal((40, 2048), ((int)config["scaleAndConcurrency"]!["maximumInstanceCount"]!, (int)config["scaleAndConcurrency"]!["instanceMemoryMB"]!));
        var plan = infra.Deployment.Single("Microsoft.Web/serverfarms");
        Assert.Equal(("FC1", "FlexConsumption"), ((string?)plan["sku"]!["name"], (string?)plan["sku"]!["tier"]));
    }
}

using System.Text.RegularExpressions;

namespace CrmFunctions.Infra.Tests;

/// <summary>Identity-only access, hardened services, and the roles of the app identity at the narrowest scope.</summary>
public class SecurityAndRolesTests
{
    [Theory]
    [InlineData("storage", "allowSharedKeyAccess", "false")]
    [InlineData("storage", "allowBlobPublicAccess", "false")]
    [InlineData("storage", "minimumTlsVersion", "'TLS1_2'")]
    [InlineData("storage", "supportsHttpsTrafficOnly", "true")]
    [InlineData("storage", "isVersioningEnabled", "true")]
    [InlineData("messaging", "disableLocalAuth", "true")]
    [InlineData("messaging", "minimumTlsVersion", "'1.2'")]
    [InlineData("messaging", "deadLetteringOnMessageExpiration", "true")]
    [InlineData("secrets", "enableRbacAuthorization", "true")]
    [InlineData("secrets", "enableSoftDelete", "true")]
    [InlineData("functionapp", "httpsOnly", "true")]
    public void Module_sets(string module, string property, string value)
    {
        var code = Repo.Module(module).Code;
        var values = Regex.Matches(code, $@"\b{property}:\s*(\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.True(values.Count > 0, $"{module}.bicep does not set {property}");
        Assert.All(values, v => Assert.Equal(value, v));
    }

    [Fact]
    public void Blob_soft_delete_is_on()
    {
        var blobService = Repo.Module("storage").Resources().Single(r => r.Type == "Microsoft.Storage/storageAccounts/blobServices");
        Assert.Matches(@"deleteRetentionPolicy:\s*\{\s*enabled:\s*true", blobService.Body);
        Assert.Matches(@"containerDeleteRetentionPolicy:\s*\{\s*enabled:\s*true", blobService.Body);
    }

    // Built-in role definition IDs (Azure RBAC built-in roles).
    public static TheoryData<string, string, string> Roles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts" },
        { "Azure Service Bus Data Receiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Microsoft.ServiceBus/namespaces/queues" },
        { "Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces/queues" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void App_identity_has_the_role_at_the_expected_scope(string role, string roleDefinitionId, string scopeType)
    {
        var roles = Repo.Module("roles");
        var ids = BicepText.TopLevelEntries(roles.VariableBlock("roleIds")).ToDictionary(e => e.Key, e => e.Value.Trim('\''));
        var key = ids.SingleOrDefault(kv => kv.Value == roleDefinitionId).Key;
        Assert.True(key is not null, $"roles.bicep has no role id for {role} ({roleDefinitionId})");

        var resources = roles.Resources();
        var assignments = resources
            .Where(r => r.Type == "Microsoft.Authorization/roleAssignments" && !r.IsExisting)
            .Where(r => Regex.IsMatch(r.Body, $@"principalId:\s*principalId\b"))
            .Where(r => GrantsRole(roles, r, key))
            .ToList();
        Assert.True(assignments.Count > 0, $"no role assignment of {role} to the app identity in roles.bicep");

        foreach (var assignment in assignments)
        {
            var scope = Regex.Match(assignment.Body, @"\bscope:\s*(\w+)").Groups[1].Value;
            var scopeResource = resources.SingleOrDefault(r => r.Symbol == scope);
            Assert.True(scopeResource is not null, $"{assignment} has no scope resource ({scope})");
            Assert.Equal(scopeType, scopeResource!.Type);
            Assert.True(scopeResource.IsExisting, $"{assignment}: scope {scope} should reference the resource created by its module");
        }
    }

    [Fact]
    public void Service_bus_roles_are_per_queue_receiver_only_where_a_function_is_triggered()
    {
        var roles = Repo.Module("roles").Resources();
        var receiveQueues = roles.Single(r => r.Symbol == "receiveQueues");
        var sendQueues = roles.Single(r => r.Symbol == "sendQueues");
        Assert.Equal("receiveQueueNames", receiveQueues.LoopSource);
        Assert.Equal("sendQueueNames", sendQueues.LoopSource);
        var main = Repo.Main.ModuleParams("roles").ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("receiveQueueNames", main["receiveQueueNames"]);
        Assert.Equal("sendQueueNames", main["sendQueueNames"]);
        // campaign-triggers is consumed by the e-mail/SMS platform, not by the app.
        Assert.DoesNotContain(Core.Contracts.QueueNames.CampaignTriggers, Repo.Main.StringArrayVariable("receiveQueueNames"));
    }

    [Fact]
    public void App_insights_is_workspace_based_and_the_key_vault_purge_protection_is_a_parameter()
    {
        var insights = Repo.Module("monitoring").Resources().Single(r => r.Type == "Microsoft.Insights/components");
        Assert.Matches(@"WorkspaceResourceId:\s*workspace\.id", insights.Body);
        Assert.Matches(@"enablePurgeProtection:\s*enablePurgeProtection\s*\?\s*true\s*:\s*null", Repo.Module("secrets").Code);
        Assert.Contains(Repo.Main.ModuleParams("secrets"), e => e is { Key: "enablePurgeProtection", Value: "keyVaultPurgeProtection" });
    }

    /// <summary>The assignment's roleDefinitionId is roleIds.{key}, or the loop variable over a list holding it.</summary>
    private static bool GrantsRole(BicepText file, ResourceDeclaration assignment, string roleKey)
    {
        var definition = Regex.Match(assignment.Body, @"\broleDefinitionId:\s*([^\n]+)").Groups[1].Value;
        if (References(definition, roleKey)) return true;
        return assignment is { LoopSource: not null, LoopVariable: not null }
            && Regex.IsMatch(definition, $@"\b{assignment.LoopVariable}\b")
            && IsVariableListing(file, assignment.LoopSource, roleKey);
    }

    private static bool References(string body, string roleKey) => Regex.IsMatch(body, $@"\broleIds\.{roleKey}\b");

    private static bool IsVariableListing(BicepText file, string variable, string roleKey)
    {
        try { return References(file.VariableBlock(variable), roleKey); }
        catch (KeyNotFoundException) { return false; }
    }
}

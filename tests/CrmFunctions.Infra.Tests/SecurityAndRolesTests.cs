using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;

namespace CrmFunctions.Infra.Tests;

/// <summary>Identity-only access, hardened services, and the roles of the app identity at the narrowest scope.</summary>
[Collection(CompiledInfraCollection.Name)]
public class SecurityAndRolesTests(CompiledInfra infra)
{
    // Built-in role definition IDs (Azure RBAC built-in roles).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    private const string ServiceBusQueue = "Microsoft.ServiceBus/namespaces/queues";

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts", "allowSharedKeyAccess", "false")]
    [InlineData("Microsoft.Storage/storageAccounts", "allowBlobPublicAccess", "false")]
    [InlineData("Microsoft.Storage/storageAccounts", "minimumTlsVersion", "\"TLS1_2\"")]
    [InlineData("Microsoft.Storage/storageAccounts", "supportsHttpsTrafficOnly", "true")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices", "isVersioningEnabled", "true")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices", "deleteRetentionPolicy.enabled", "true")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices", "containerDeleteRetentionPolicy.enabled", "true")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers", "publicAccess", "\"None\"")]
    [InlineData("Microsoft.ServiceBus/namespaces", "disableLocalAuth", "true")]
    [InlineData("Microsoft.ServiceBus/namespaces", "minimumTlsVersion", "\"1.2\"")]
    [InlineData(ServiceBusQueue, "deadLetteringOnMessageExpiration", "true")]
    [InlineData("Microsoft.KeyVault/vaults", "enableRbacAuthorization", "true")]
    [InlineData("Microsoft.KeyVault/vaults", "enableSoftDelete", "true")]
    [InlineData("Microsoft.Web/sites", "httpsOnly", "true")]
    [InlineData("Microsoft.Insights/components", "DisableLocalAuth", "true")]
    public void Every_resource_of_the_type_sets(string type, string property, string value)
    {
        var resources = infra.Deployment.OfType(type);
        Assert.NotEmpty(resources);
        var expected = JsonNode.Parse(value);
        Assert.All(resources, r => Assert.True(JsonNode.DeepEquals(expected, Property(r, property)),
            $"{Snapshot.Name(r)}: {property} is {Property(r, property)?.ToJsonString() ?? "not set"}, expected {value}"));
    }

    public static TheoryData<string, string, string> AppRoles => new()
    {
        { "Storage Blob Data Owner", StorageBlobDataOwner, "Microsoft.Storage/storageAccounts" },
        { "Storage Queue Data Contributor", StorageQueueDataContributor, "Microsoft.Storage/storageAccounts" },
        { "Storage Table Data Contributor", StorageTableDataContributor, "Microsoft.Storage/storageAccounts" },
        { "Monitoring Metrics Publisher", MonitoringMetricsPublisher, "Microsoft.Insights/components" },
        { "Key Vault Secrets User", KeyVaultSecretsUser, "Microsoft.KeyVault/vaults" },
    };

    [Theory]
    [MemberData(nameof(AppRoles))]
    public void App_identity_has_the_role_on_the_resource_it_uses(string role, string roleDefinitionId, string scopeType)
    {
        var scope = Snapshot.Id(infra.Deployment.Single(scopeType));
        var assignment = Assert.Single(AppAssignments(), a => a.RoleDefinitionId == roleDefinitionId);
        Assert.True(assignment.Scope == scope, $"{role} is given at {assignment.Scope}, expected {scope}");
    }

    [Fact]
    public void Service_bus_trigger_queues_get_data_owner_so_that_the_platform_can_scale_on_their_length()
    {
        var triggerQueues = FunctionCatalog.All.Select(f => f.Trigger).OfType<QueueTrigger>().Select(t => t.QueueName).ToList();
        Assert.NotEmpty(triggerQueues);
        var owned = AppAssignments().Where(a => a.RoleDefinitionId == ServiceBusDataOwner).Select(a => a.Scope);
        Assert.Equal(triggerQueues.Select(QueueId).Order(), owned.Order());
        // campaign-triggers is consumed by the app's own dispatch (DispatchCampaignTrigger).
        Assert.Contains(QueueNames.CampaignTriggers, triggerQueues);
    }

    [Fact]
    public void The_app_may_send_to_every_queue_it_writes_and_to_no_other_entity()
    {
        var outputs = FunctionCatalog.All.SelectMany(f => f.Outputs).Select(o => o.QueueName);
        // The intake sends to contacts-normalize itself (HTTP functions have no output binding).
        var written = outputs.Append(QueueNames.ContactsNormalize).Distinct().ToList();
        var sendable = AppAssignments().Where(a => a.RoleDefinitionId == ServiceBusDataSender).Select(a => a.Scope).ToList();
        Assert.All(written, q => Assert.Contains(QueueId(q), sendable));
        Assert.All(sendable, scope => Assert.Contains(scope, infra.Deployment.OfType(ServiceBusQueue).Select(Snapshot.Id)));
    }

    [Fact]
    public void No_role_is_given_on_the_service_bus_namespace_or_the_resource_group()
    {
        var namespaceId = Snapshot.Id(infra.Deployment.Single("Microsoft.ServiceBus/namespaces"));
        Assert.All(infra.Deployment.RoleAssignments, a => Assert.NotEqual(namespaceId, a.Scope));
        Assert.All(infra.Deployment.RoleAssignments, a => Assert.Contains("/providers/", a.Scope));
    }

    [Fact]
    public void Only_the_app_identity_gets_roles_unless_a_secrets_officer_is_named()
    {
        Assert.All(infra.Deployment.RoleAssignments, a => Assert.Contains(IdentityId(infra.Deployment), a.PrincipalId));
        Assert.DoesNotContain(infra.Deployment.RoleAssignments, a => a.RoleDefinitionId == KeyVaultSecretsOfficer);
    }

    [Fact]
    public async Task A_named_secrets_officer_may_set_secrets_in_the_vault()
    {
        const string officer = "11111111-2222-3333-4444-555555555555";
        var deployment = await infra.SnapshotAsync($"param secretsOfficerPrincipalId = '{officer}'", "param secretsOfficerPrincipalType = 'Group'");
        var assignment = Assert.Single(deployment.RoleAssignments, a => a.RoleDefinitionId == KeyVaultSecretsOfficer);
        Assert.Equal((officer, Snapshot.Id(deployment.Single("Microsoft.KeyVault/vaults"))), (assignment.PrincipalId, assignment.Scope));
    }

    [Fact]
    public void App_insights_is_workspace_based()
    {
        var insights = infra.Deployment.Single("Microsoft.Insights/components");
        Assert.Equal(Snapshot.Id(infra.Deployment.Single("Microsoft.OperationalInsights/workspaces")), (string?)insights["properties"]!["WorkspaceResourceId"]);
    }

    [Fact]
    public async Task Key_vault_purge_protection_is_off_in_dev_and_on_in_prod()
    {
        var prod = await infra.Production;
        // The service refuses `false`: off means not set.
        Assert.Null(Property(infra.Deployment.Single("Microsoft.KeyVault/vaults"), "enablePurgeProtection"));
        Assert.Equal(true, (bool?)Property(prod.Single("Microsoft.KeyVault/vaults"), "enablePurgeProtection"));
    }

    private IEnumerable<RoleAssignment> AppAssignments() =>
        infra.Deployment.RoleAssignments.Where(a => a.PrincipalId.Contains(IdentityId(infra.Deployment), StringComparison.Ordinal));

    private static string IdentityId(Snapshot deployment) => Snapshot.Id(deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities"));

    private string QueueId(string queue) =>
        Snapshot.Id(infra.Deployment.OfType(ServiceBusQueue).Single(q => Snapshot.Name(q).EndsWith("/" + queue, StringComparison.Ordinal)));

    /// <summary>A property under <c>properties</c>, by a dotted path.</summary>
    private static JsonNode? Property(JsonObject resource, string path) =>
        path.Split('.').Aggregate(resource["properties"], (node, key) => node?[key]);
}

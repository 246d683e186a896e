using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;

namespace CrmFunctions.Infra.Tests;

/// <summary>
/// The queues, tables and containers the deployment creates are exactly the ones the code uses (StorageNames.cs and
/// the function registry), plus the Flex Consumption deployment container.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public class StorageAndQueueNamesTests(CompiledInfra infra)
{
    private const string Queue = "Microsoft.ServiceBus/namespaces/queues";
    private const string Container = "Microsoft.Storage/storageAccounts/blobServices/containers";

    [Fact]
    public void Queues_are_the_queues_of_the_code() =>
        AssertSameNames(QueueNames.All, infra.Deployment.ChildNames(Queue), "queue");

    [Fact]
    public void Every_queue_a_function_reads_or_writes_is_deployed()
    {
        var registry = new FunctionRegistry(FunctionCatalog.All);
        Assert.NotEmpty(registry.QueueNames);
        Assert.All(registry.QueueNames, q => Assert.Contains(q, infra.Deployment.ChildNames(Queue)));
    }

    [Fact]
    public void Tables_are_the_tables_of_the_code() =>
        AssertSameNames(TableNames.All, infra.Deployment.ChildNames("Microsoft.Storage/storageAccounts/tableServices/tables"), "table");

    [Fact]
    public void Containers_are_the_containers_of_the_code_and_the_deployment_container()
    {
        var containers = infra.Deployment.ChildNames(Container);
        var deployment = Assert.Single(containers.Except(ContainerNames.All));
        AssertSameNames(ContainerNames.All, containers.Where(c => c != deployment).ToList(), "container");
        Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", deployment);
        // The function app runs the package it finds in that container.
        var site = infra.Deployment.Single("Microsoft.Web/sites");
        Assert.Contains($"'{deployment}'", (string)site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]!);
    }

    [Fact]
    public void Duplicate_detection_is_on_where_the_sender_sets_a_meaningful_message_id()
    {
        // Intake: MessageId = the idempotency key of a client's retry. Campaign triggers: no invitation sent twice.
        var deduplicated = infra.Deployment.OfType(Queue)
            .Where(q => (bool)q["properties"]!["requiresDuplicateDetection"]!)
            .Select(q => Snapshot.Name(q).Split('/')[^1]);
        Assert.Equal([QueueNames.CampaignTriggers, QueueNames.ContactsNormalize], deduplicated.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Name_comparison_reports_missing_extra_and_duplicated_names()
    {
        var error = Assert.Throws<Xunit.Sdk.TrueException>(() => AssertSameNames(["a", "b"], ["b", "c", "c"], "queue"));
        Assert.Contains("missing in the deployment [a]", error.Message);
        Assert.Contains("not in the code [c]", error.Message);
        Assert.Contains("duplicated [c]", error.Message);
    }

    internal static void AssertSameNames(IReadOnlyList<string> code, IReadOnlyList<string> deployed, string kind)
    {
        var missing = code.Except(deployed, StringComparer.Ordinal).ToList();
        var extra = deployed.Except(code, StringComparer.Ordinal).ToList();
        var duplicates = deployed.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && duplicates.Count == 0,
            $"{kind} names differ from the code: missing in the deployment [{string.Join(", ", missing)}], " +
            $"not in the code [{string.Join(", ", extra)}], duplicated [{string.Join(", ", duplicates)}]");
    }
}

using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Infra.Tests;

/// <summary>
/// The queues, tables and containers the Bicep creates are exactly the ones the code uses
/// (StorageNames.cs), plus the Flex Consumption deployment container.
/// </summary>
public class StorageAndQueueNamesTests
{
    private static readonly BicepText Main = Repo.Main;

    [Fact]
    public void Queues_in_main_bicep_are_the_queues_of_the_code()
    {
        AssertSameNames(QueueNames.All, Main.StringArrayVariable("queueNames"), "queue");
    }

    [Fact]
    public void Tables_in_main_bicep_are_the_tables_of_the_code()
    {
        AssertSameNames(TableNames.All, Main.StringArrayVariable("tableNames"), "table");
    }

    [Fact]
    public void Containers_in_main_bicep_are_the_containers_of_the_code()
    {
        AssertSameNames(ContainerNames.All, Main.StringArrayVariable("containerNames"), "container");
    }

    [Fact]
    public void Deployment_container_is_a_valid_literal_name_that_the_code_does_not_use()
    {
        var name = Main.StringVariable("deploymentContainerName");
        Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", name);
        Assert.DoesNotContain(name, ContainerNames.All);
    }

    [Theory]
    [InlineData("messaging", "queueNames")]
    [InlineData("storage", "tableNames")]
    [InlineData("storage", "containerNames")]
    [InlineData("storage", "deploymentContainerName")]
    public void Main_passes_the_name_lists_unchanged_to_the_module(string module, string list)
    {
        var passed = Main.ModuleParams(module).Where(e => e.Key == list).Select(e => e.Value).ToList();
        Assert.Equal([list], passed);
    }

    [Theory]
    [InlineData("Microsoft.ServiceBus/namespaces/queues", "queueNames")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices/tables", "tableNames")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers", "containerNames")]
    public void Modules_declare_no_queue_table_or_container_outside_the_name_lists(string type, string list)
    {
        var declared = Repo.AllBicep.SelectMany(f => f.Resources())
            .Where(r => !r.IsExisting && string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.NotEmpty(declared);
        foreach (var resource in declared)
        {
            var fromList = resource.LoopSource == list && resource.Entry("name") == resource.LoopVariable;
            var isDeploymentContainer = type.EndsWith("/containers", StringComparison.Ordinal)
                && resource.LoopSource is null && resource.Entry("name") == "deploymentContainerName";
            Assert.True(fromList || isDeploymentContainer,
                $"{resource} is named '{resource.Entry("name")}'{(resource.LoopSource is null ? "" : $" in a loop over {resource.LoopSource}")}; " +
                $"declare it through the '{list}' list of main.bicep so that it stays checked against the code");
        }
    }

    [Fact]
    public void Service_bus_roles_and_duplicate_detection_name_only_queues_of_the_code()
    {
        var receive = Main.StringArrayVariable("receiveQueueNames");
        var send = Main.StringArrayVariable("sendQueueNames");
        var dedupe = Main.StringArrayVariable("duplicateDetectionQueueNames");
        Assert.All(receive.Concat(send).Concat(dedupe), q => Assert.Contains(q, QueueNames.All));
        // Every queue is used by the app one way or the other, so none lacks a role.
        Assert.Equal(QueueNames.All.OrderBy(q => q), receive.Union(send).OrderBy(q => q));
    }

    internal static void AssertSameNames(IReadOnlyList<string> code, IReadOnlyList<string> bicep, string kind)
    {
        var missing = code.Except(bicep, StringComparer.Ordinal).ToList();
        var extra = bicep.Except(code, StringComparer.Ordinal).ToList();
        var duplicates = bicep.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && duplicates.Count == 0,
            $"{kind} names differ from the code: missing in Bicep [{string.Join(", ", missing)}], " +
            $"not in the code [{string.Join(", ", extra)}], duplicated [{string.Join(", ", duplicates)}]");
    }
}

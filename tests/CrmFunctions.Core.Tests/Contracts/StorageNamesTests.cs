using System.Text.RegularExpressions;
using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Core.Tests.Contracts;

public class StorageNamesTests
{
    [Fact]
    public void Queue_and_container_names_are_valid_for_both_storage_queues_and_service_bus()
    {
        // Storage queue and container names: 3-63 chars, lowercase letters, digits, single dashes.
        var rule = new Regex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$");
        foreach (var name in QueueNames.All.Concat(QueueNames.All.Select(QueueNames.Poison)).Concat(ContainerNames.All))
            Assert.Matches(rule, name);
    }

    [Fact]
    public void Table_names_are_valid_azure_table_names()
    {
        var rule = new Regex("^[A-Za-z][A-Za-z0-9]{2,62}$");
        Assert.All(TableNames.All, name => Assert.Matches(rule, name));
        Assert.Equal(TableNames.All.Count, TableNames.All.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}

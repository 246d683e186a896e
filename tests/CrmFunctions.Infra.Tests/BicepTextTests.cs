using Xunit.Sdk;

namespace CrmFunctions.Infra.Tests;

/// <summary>The small Bicep reader the other tests rely on, and the comparison they use.</summary>
public class BicepTextTests
{
    private const string Sample = """
        // var queueNames = [ 'commented-out' ]
        var queueNames = [
          'a' // trailing comment with a ] bracket
          'b'
        ]
        /* var tableNames = [ 'x' ] */
        var settings = {
          First: 'x{y}:z'
          Second__name: '${foo('}')}'
          nested: {
            Inner: 1
          }
          'quoted-key': 2
        }
        resource q 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [for name in queueNames: {
          parent: ns
          name: name
        }]
        resource c 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' existing = {
          name: 'literal'
        }
        """;

    [Fact]
    public void Reads_string_arrays_and_ignores_comments()
    {
        var text = new BicepText(Sample);
        Assert.Equal(["a", "b"], text.StringArrayVariable("queueNames"));
        Assert.Throws<KeyNotFoundException>(() => text.VariableBlock("tableNames"));
    }

    [Fact]
    public void Rejects_array_items_it_cannot_check()
    {
        Assert.Throws<FormatException>(() => BicepText.StringItems("[\n 'a'\n '${b}'\n]"));
        Assert.Throws<FormatException>(() => BicepText.StringItems("[\n 'a'\n concat('b')\n]"));
    }

    [Fact]
    public void Reads_top_level_keys_only_and_skips_braces_inside_strings()
    {
        var text = new BicepText(Sample);
        var keys = BicepText.TopLevelEntries(text.VariableBlock("settings")).Select(e => e.Key);
        Assert.Equal(["First", "Second__name", "nested", "quoted-key"], keys);
    }

    [Fact]
    public void Reads_resource_declarations_with_loops_and_existing()
    {
        var resources = new BicepText(Sample).Resources();
        Assert.Collection(resources,
            q => Assert.Equal(("Microsoft.ServiceBus/namespaces/queues", false, "name", "queueNames", "name"), (q.Type, q.IsExisting, q.LoopVariable, q.LoopSource, q.Entry("name"))),
            c => Assert.Equal(("2024-01-01", true, null, "'literal'"), (c.ApiVersion, c.IsExisting, c.LoopSource, c.Entry("name"))));
    }

    [Fact]
    public void Name_comparison_reports_missing_extra_and_duplicated_names()
    {
        var error = Assert.Throws<TrueException>(() =>
            StorageAndQueueNamesTests.AssertSameNames(["a", "b"], ["b", "c", "c"], "queue"));
        Assert.Contains("missing in Bicep [a]", error.Message);
        Assert.Contains("not in the code [c]", error.Message);
        Assert.Contains("duplicated [c]", error.Message);
    }
}

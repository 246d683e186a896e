using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Privacy;

namespace CrmFunctions.Tests.Privacy;

/// <summary>Which Storage queues an erasure empties of its guest's messages itself, and which it leaves to the functions reading them.</summary>
public sealed class QueueSweeperTests
{
    [Fact]
    public void Only_queues_no_function_reads_are_swept_and_never_a_waiting_erasure_request()
    {
        var registry = new FunctionRegistry(FunctionCatalog.All);
        var swept = StorageQueueSweeper.Unread(registry).ToHashSet(StringComparer.Ordinal);
        var triggers = registry.QueueFunctions.Select(f => ((QueueTrigger)f.Trigger).QueueName).ToList();

        Assert.All(triggers.Where(q => q != QueueNames.PrivacyErasures), q => Assert.Contains(QueueNames.Poison(q), swept));
        Assert.All(triggers, q => Assert.DoesNotContain(q, swept));
        Assert.All(registry.QueueNames.Except(triggers), q => Assert.Contains(q, swept));
        Assert.DoesNotContain(QueueNames.Poison(QueueNames.PrivacyErasures), swept);
        Assert.Contains(QueueNames.Poison(QueueNames.ContactsNormalize), swept);
    }
}

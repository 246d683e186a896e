using CrmFunctions.Core.Contracts;
using CrmFunctions.Pipeline;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Support;

/// <summary>Waits, in storage, for what the standalone runner's pipeline stages produce.</summary>
public sealed class PipelineProbe(AzuriteFixture azurite, CapturingLoggerProvider logs, TimeSpan patience)
{
    /// <summary>Waits until every contact of an ingestion went through all three stages (its golden record has a profile).</summary>
    public async Task WaitPlacedAsync(string source, string ingestionId, int count)
    {
        var map = new SourceRecordMap(azurite.CreateServices().GetTableClient(TableNames.ContactSources));
        var contacts = azurite.CreateServices().GetTableClient(TableNames.Contacts);
        var golden = new GoldenRecordStore(contacts);
        for (var i = 0; i < count; i++)
        {
            var key = $"{source}/{ingestionId}/{i}";
            // The map may name a record merged since into another: the guest is where the merges lead.
            await WaitUntilAsync(async () => await golden.FindLiveAsync(await map.GetAsync(key, CancellationToken.None), CancellationToken.None) is { Record: not null } live
                && await contacts.GetEntityOrDefaultAsync(live.ContactId, ContactProfiles.ProfileRow) is { } profile
                && profile.GetInt32("MemberCount") is not null);
        }
        // The profile of the last record is written after its golden record: wait for the enrich queue to drain too.
        var enrich = azurite.CreateServices().GetQueueClient(QueueNames.ContactsEnrich);
        await WaitUntilAsync(async () => await enrich.ApproximateCountAsync() == 0);
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(patience);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
                throw new TimeoutException("The pipeline did not get there in time. Last warnings: "
                    + string.Join("\n", logs.Lines.Where(l => !l.Contains("System.Net.Http", StringComparison.Ordinal)).TakeLast(15)));
            await Task.Delay(100);
        }
    }
}

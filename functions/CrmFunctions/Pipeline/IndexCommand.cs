using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Hosting;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>
/// <c>index rebuild</c>: files every live golden record's members again under the blocking keys the matcher computes
/// today, and drops rows of an older index layout. For after a change of blocking keys or of the index layout; safe
/// to run while the pipeline runs (filing is conditional on each block's version and idempotent).
/// </summary>
public static class IndexCommand
{
    public const string Usage = "usage: CrmFunctions index rebuild";

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        if (args is not ["rebuild"])
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        var storage = CliContext.Storage(configuration);
        var options = new PipelineOptions();
        configuration.GetSection("Pipeline").Bind(options);
        var index = new TableMatchIndex(storage.GetTableClient(TableNames.MatchIndex), options.MaxBlockSize);
        var golden = new GoldenRecordStore(storage.GetTableClient(TableNames.Contacts));
        var (records, unreadable) = (0, 0);
        await foreach (var record in golden.ReadAllAsync((_, _) => unreadable++, cancellationToken))
        {
            await index.AddAsync(record.ContactId, record.Members.SelectMany(m => IncrementalMatcher.KeysFor(m.Contact)).Distinct(), cancellationToken);
            if (++records % 1000 == 0) await output.WriteLineAsync($"{records} golden records filed");
        }
        var dropped = 0;
        await foreach (var row in index.Table.QueryRowsAsync(select: [], maxPerPage: 1000, cancellationToken: cancellationToken))
            if (!TableMatchIndex.IsBlock(row) && await index.Table.DeleteEntityIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken))
                dropped++;
        await output.WriteLineAsync($"{records} golden records filed, {dropped} rows of an older layout dropped" +
            (unreadable > 0 ? $", {unreadable} unreadable records skipped" : ""));
        return 0;
    }
}

using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

internal static class TableRows
{
    /// <summary>Deletes the rows a filter and a predicate select, a transaction per hundred rows of one partition.</summary>
    public static async Task<int> DeleteWhereAsync(TableClient table, string filter, Func<TableEntity, bool> shouldDelete,
        CancellationToken cancellationToken)
    {
        var doomed = new List<TableEntity>();
        await foreach (var row in table.QueryAsync(filter, cancellationToken: cancellationToken))
            if (shouldDelete(row)) doomed.Add(row);
        var batches = doomed.GroupBy(r => r.PartitionKey)
            .SelectMany(g => g.Chunk(TableClient.MaxTransactionActions))
            .Select(chunk => chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete,
                new TableEntity(r.PartitionKey, r.RowKey), "*")).ToList())
            .ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
        return doomed.Count;
    }
}

using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

internal static class TableRows
{
    /// <summary>Deletes the rows a filter and a predicate select, a transaction per hundred rows of one partition.</summary>
    public static async Task<int> DeleteWhereAsync(TableClient table, string filter, Func<TableEntity, bool> shouldDelete,
        CancellationToken cancellationToken)
    {
        var doomed = new List<TableEntity>();
        await foreach (var row in table.QueryRowsAsync(filter, cancellationToken: cancellationToken))
            if (shouldDelete(row)) doomed.Add(row);
        await TableBatches.SubmitAsync(table, doomed.Select(r => new TableEntity(r.PartitionKey, r.RowKey)), TableTransactionActionType.Delete,
            cancellationToken, parallelism: 8);
        return doomed.Count;
    }
}

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

    /// <summary>
    /// Replaces the values of one column that <paramref name="replacements"/> names, row by row (a merge of that column
    /// alone, so the rest of a row is never rewritten); rows with another value, or none, are left as they are.
    /// </summary>
    /// <returns>How many rows changed.</returns>
    public static async Task<int> ReplaceValuesAsync(TableClient table, string? filter, string column,
        IReadOnlyDictionary<string, string> replacements, CancellationToken cancellationToken)
    {
        var changed = new List<TableEntity>();
        await foreach (var row in table.QueryRowsAsync(filter, select: [column], maxPerPage: 1000, cancellationToken: cancellationToken))
            if (row.GetString(column) is { } value && replacements.TryGetValue(value, out var replacement))
                changed.Add(new TableEntity(row.PartitionKey, row.RowKey) { [column] = replacement });
        await TableBatches.SubmitAsync(table, changed, TableTransactionActionType.UpdateMerge, cancellationToken, parallelism: 8);
        return changed.Count;
    }
}

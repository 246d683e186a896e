namespace CrmFunctions.Storage;

/// <summary>
/// Rows cut into entity-group transactions: one partition each, at most 100 actions and about 2 MiB of entities
/// (the service takes 4 MiB with the envelope). A row listed twice is written once, as its last version: what
/// writing them one after the other would leave, and a transaction may not address one row twice.
/// </summary>
public static class TableBatches
{
    public const int MaxTransactionBytes = 2 * 1024 * 1024;

    public static List<List<TableTransactionAction>> Of(IEnumerable<TableEntity> rows, TableTransactionActionType type)
    {
        var partitions = new Dictionary<string, Dictionary<string, TableEntity>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!partitions.TryGetValue(row.PartitionKey, out var partition))
                partitions[row.PartitionKey] = partition = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            partition[row.RowKey] = row;
        }
        var batches = new List<List<TableTransactionAction>>();
        foreach (var partition in partitions.Values)
        {
            var batch = new List<TableTransactionAction>();
            var bytes = 0;
            foreach (var row in partition.Values)
            {
                var size = type == TableTransactionActionType.Delete ? 0 : TableEntityJson.Serialize(row).Length;
                if (batch.Count == TableClient.MaxTransactionActions || (batch.Count > 0 && bytes + size > MaxTransactionBytes))
                {
                    batches.Add(batch);
                    (batch, bytes) = ([], 0);
                }
                batch.Add(new TableTransactionAction(type, row));
                bytes += size;
            }
            if (batch.Count > 0) batches.Add(batch);
        }
        return batches;
    }

    /// <summary>Writes (or deletes: with the ETag a row carries, else any) the rows, a few transactions at a time.</summary>
    public static Task SubmitAsync(TableClient table, IEnumerable<TableEntity> rows, TableTransactionActionType type,
        CancellationToken cancellationToken, int parallelism = 4) =>
        Parallel.ForEachAsync(Of(rows, type), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
}

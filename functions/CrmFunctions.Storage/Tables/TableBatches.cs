using Azure;
using Azure.Data.Tables;

namespace CrmFunctions.Storage;

/// <summary>
/// Rows cut into entity-group transactions: one partition each, at most 100 actions and about 2 MiB of entities
/// (the service takes 4 MiB with the envelope). A row listed twice is written once, as its last version: what
/// writing them one after the other would leave, and a transaction may not address one row twice.
/// </summary>
public static class TableBatches
{
    /// <summary>The service's limit on actions in one transaction.</summary>
    public const int MaxTransactionActions = 100;

    public const int MaxTransactionBytes = 2 * 1024 * 1024;

    /// <summary>
    /// One partition per batch by construction: Azurite accepts a transaction over two partitions and Azure refuses
    /// it, so code that passes against the emulator must never build one.
    /// </summary>
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
            var bytes = 0L;
            foreach (var row in partition.Values)
            {
                var size = type == TableTransactionActionType.Delete ? 0 : EstimatedBytes(row);
                if (batch.Count == MaxTransactionActions || (batch.Count > 0 && bytes + size > MaxTransactionBytes))
                {
                    batches.Add(batch);
                    (batch, bytes) = ([], 0);
                }
                // Deletes and updates keep the version the row was read at; rows never read match any.
                batch.Add(new TableTransactionAction(type, row, row.ETag == default ? ETag.All : row.ETag));
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

    /// <summary>
    /// An upper bound of the row's size in the transaction's JSON: strings as UTF-8 (escaping at most doubles them),
    /// binary as base64, every property with its name and type annotation.
    /// </summary>
    public static long EstimatedBytes(TableEntity row)
    {
        long bytes = 64;
        foreach (var (name, value) in row)
        {
            bytes += 2L * name.Length + 48;
            bytes += value switch
            {
                string s => 2L * System.Text.Encoding.UTF8.GetByteCount(s),
                byte[] b => (b.Length + 2) / 3 * 4L,
                BinaryData b => (b.ToMemory().Length + 2) / 3 * 4L,
                _ => 40,
            };
        }
        return bytes;
    }
}

using System.Globalization;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// Anonymizes the fact rows received before a day: the guest's columns (<see cref="PersonalTable.PersonalColumns"/>)
/// go, the scores, times, property and day stay, so the barometers keep counting them. The barometers read new facts
/// from their change feed, which a rewrite here does not feed: the figures stay as they are, and a recount finds the
/// same scores on the same days. A table keyed by the guest loses its old rows instead.
/// </summary>
public sealed class FactRetention(StorageServices storage)
{
    private const int Parallelism = 4;

    /// <returns>The rows anonymized, or deleted for a table keyed by the guest.</returns>
    public async Task<int> ApplyAsync(PersonalTable shape, DateOnly cutoff, CancellationToken cancellationToken)
    {
        var table = storage.GetTableClient(shape.Name);
        try
        {
            return shape.PersonalKeyDatedBy is { } dated
                ? await DeleteAsync(table, dated, cutoff, cancellationToken).ConfigureAwait(false)
                : await AnonymizeAsync(table, shape, cutoff, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // Not created yet: nothing to keep or to let go.
            return 0;
        }
    }

    /// <summary>
    /// Day partitions (yyyyMMdd; yyyyMMddHH for the change feed) sort as text: "before the cutoff day" is one range.
    /// Only rows still holding a guest's column are read, so a second sweep rewrites nothing.
    /// </summary>
    private static async Task<int> AnonymizeAsync(TableClient table, PersonalTable shape, DateOnly cutoff, CancellationToken cancellationToken)
    {
        var filter = TableClientExtensions.Compare("PartitionKey", "lt", Day(cutoff))
            + " and (" + string.Join(" or ", shape.PersonalColumns.Select(c => TableClientExtensions.Compare(c, "ne", ""))) + ")";
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryRowsAsync(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
            if (Anonymized(row, shape) is { } anonymized)
                rows.Add(anonymized);
        // Replace, not merge (a merge cannot remove a column), with the version read: a row stored again meanwhile is
        // left for the next sweep.
        await TableBatches.SubmitAsync(table, rows, TableTransactionActionType.UpdateReplace, cancellationToken, Parallelism).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>The row without its guest's columns, or null when it holds none (already anonymized).</summary>
    public static TableEntity? Anonymized(TableEntity row, PersonalTable shape)
    {
        var personal = shape.PersonalColumns.Where(row.ContainsKey).ToList();
        if (personal.Count == 0) return null;
        foreach (var column in personal) row.Remove(column);
        return row;
    }

    private static async Task<int> DeleteAsync(TableClient table, string datedBy, DateOnly cutoff, CancellationToken cancellationToken)
    {
        var since = new DateTimeOffset(cutoff.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = await table.QueryRowsAsync(TableClientExtensions.Compare(datedBy, "lt", since), ["RowKey"], cancellationToken: cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        await TableBatches.SubmitAsync(table, rows, TableTransactionActionType.Delete, cancellationToken, Parallelism).ConfigureAwait(false);
        return rows.Count;
    }

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}

using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace CrmFunctions.Storage;

public static class TableClientExtensions
{
    /// <summary>The row, or null when there is none (a missing row is an answer here, not an error).</summary>
    /// <param name="select">Properties to return; PartitionKey and RowKey always come too.</param>
    public static async Task<TableEntity?> GetEntityOrDefaultAsync(this TableClient table, string partitionKey, string rowKey,
        IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, WithKeys(select), cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Every row matching <paramref name="filter"/>, page after page.</summary>
    /// <param name="select">
    /// Properties to return; PartitionKey and RowKey always come too (the service returns only what is named,
    /// and a row without its keys cannot be written back or deleted).
    /// </param>
    /// <param name="maxPerPage">Rows per request (the service caps it at 1,000).</param>
    public static AsyncPageable<TableEntity> QueryRowsAsync(this TableClient table, string? filter = null, IEnumerable<string>? select = null,
        int? maxPerPage = null, CancellationToken cancellationToken = default) =>
        table.QueryAsync<TableEntity>(filter, maxPerPage, WithKeys(select), cancellationToken);

    private static IEnumerable<string>? WithKeys(IEnumerable<string>? select) =>
        select is null ? null : new[] { "PartitionKey", "RowKey" }.Union(select, StringComparer.Ordinal).ToList();

    /// <summary>
    /// A filter with the column named in code and the value as a literal: the SDK quotes the value, so user
    /// input never changes the shape of the filter.
    /// </summary>
    public static string Compare(string column, string op, object value) =>
        TableClient.CreateQueryFilter(FormattableStringFactory.Create(column + " " + op + " {0}", value));

    /// <returns>True when a row was deleted, false when there was none.</returns>
    /// <exception cref="RequestFailedException">412 when the row has another version than <paramref name="ifMatch"/>.</exception>
    public static async Task<bool> DeleteEntityIfExistsAsync(this TableClient table, string partitionKey, string rowKey,
        ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        var response = await table.DeleteEntityAsync(partitionKey, rowKey, ifMatch == default ? ETag.All : ifMatch, cancellationToken)
            .ConfigureAwait(false);
        return response.Status != 404;
    }
}

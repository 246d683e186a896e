using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>Rows of one table: point reads and writes, queries, atomic transactions within a partition.</summary>
public class TableClient
{
    /// <summary>The service's limit on actions in one transaction.</summary>
    public const int MaxTransactionActions = 100;

    private readonly HttpPipeline _pipeline = null!;
    private readonly Uri _endpoint = null!;

    /// <summary>For mocking.</summary>
    protected TableClient()
    {
        Name = string.Empty;
    }

    internal TableClient(HttpPipeline pipeline, Uri endpoint, string tableName)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = tableName;
    }

    public virtual string Name { get; }

    /// <returns>True when the table was created, false when it already existed.</returns>
    public virtual Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        new TableServiceClient(_pipeline, _endpoint).CreateTableIfNotExistsAsync(Name, cancellationToken);

    /// <returns>True when the table was deleted, false when there was none.</returns>
    public virtual Task<bool> DeleteAsync(CancellationToken cancellationToken = default) =>
        new TableServiceClient(_pipeline, _endpoint).DeleteTableAsync(Name, cancellationToken);

    /// <summary>Inserts a new row.</summary>
    /// <returns>The ETag of the new row.</returns>
    /// <exception cref="RequestFailedException">409 EntityAlreadyExists when the row exists.</exception>
    public virtual async Task<string> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Post, _endpoint, "/" + Uri.EscapeDataString(Name));
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetBody(message.Request, entity);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is not (201 or 204))
        {
            throw StorageErrors.Create(response, $"Adding an entity to {Name}");
        }
        return ETagOf(response);
    }

    /// <summary>Inserts the row, or merges into / replaces the existing one whatever its version.</summary>
    /// <returns>The ETag of the row as written.</returns>
    public virtual async Task<string> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge,
        CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        return await WriteEntityAsync(entity, mode, ifMatch: null, "Upserting an entity in", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes an existing row if it still has the version <paramref name="ifMatch"/> ("*" for any).</summary>
    /// <returns>The new ETag.</returns>
    /// <exception cref="TableConcurrencyException">412: the row changed since it was read.</exception>
    /// <exception cref="RequestFailedException">404 when there is no such row.</exception>
    public virtual async Task<string> UpdateEntityAsync(TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace,
        CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        return await WriteEntityAsync(entity, mode, ifMatch, "Updating an entity in", cancellationToken).ConfigureAwait(false);
    }

    /// <param name="select">Properties to return; PartitionKey and RowKey are always included.</param>
    /// <returns>The row, or null when there is none.</returns>
    public virtual async Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Get, _endpoint, TableRequests.EntityPath(Name, partitionKey, rowKey));
        AppendSelect(message.Request, select);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 404)
        {
            return null;
        }
        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Reading an entity of {Name}");
        }
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        response.Headers.TryGetValue("ETag", out var etag);
        return TableEntityJson.Read(json.RootElement, etag);
    }

    /// <returns>True when the row was deleted, false when there was none.</returns>
    /// <exception cref="TableConcurrencyException">412: the row has another version than <paramref name="ifMatch"/>.</exception>
    public virtual async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch = "*",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Delete, _endpoint, TableRequests.EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            204 => true,
            404 => false,
            412 => throw ConcurrencyFailure(response, "Deleting an entity of"),
            _ => throw StorageErrors.Create(response, $"Deleting an entity of {Name}"),
        };
    }

    /// <summary>Every row matching <paramref name="filter"/> (build it with <see cref="TableFilter.Create"/>), page after page.</summary>
    /// <param name="select">Properties to return; PartitionKey and RowKey are always included.</param>
    /// <param name="maxPerPage">Rows per request (the service caps it at 1,000).</param>
    public virtual async IAsyncEnumerable<TableEntity> QueryAsync(string? filter = null, IEnumerable<string>? select = null,
        int? maxPerPage = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (maxPerPage is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), "maxPerPage must be positive.");
        }
        var selected = select?.ToArray();
        string? nextPartitionKey = null;
        string? nextRowKey = null;
        do
        {
            using var message = TableRequests.Create(_pipeline, RequestMethod.Get, _endpoint, "/" + Uri.EscapeDataString(Name) + "()");
            var uri = message.Request.Uri;
            if (!string.IsNullOrEmpty(filter))
            {
                uri.AppendQuery("$filter", filter);
            }
            AppendSelect(message.Request, selected);
            if (maxPerPage is { } top)
            {
                uri.AppendQuery("$top", Math.Min(top, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            if (nextPartitionKey is not null)
            {
                uri.AppendQuery("NextPartitionKey", nextPartitionKey);
            }
            if (nextRowKey is not null)
            {
                uri.AppendQuery("NextRowKey", nextRowKey);
            }

            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var response = message.Response;
            if (response.Status != 200)
            {
                throw StorageErrors.Create(response, $"Querying {Name}");
            }
            List<TableEntity> page;
            using (var json = JsonDocument.Parse(response.Content.ToMemory()))
            {
                page = json.RootElement.GetProperty("value").EnumerateArray().Select(e => TableEntityJson.Read(e)).ToList();
            }
            // Continuation tokens are opaque: passed back exactly as received.
            nextPartitionKey = response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var npk) && npk.Length > 0 ? npk : null;
            nextRowKey = response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nrk) && nrk.Length > 0 ? nrk : null;
            foreach (var entity in page)
            {
                yield return entity;
            }
        }
        while (nextPartitionKey is not null || nextRowKey is not null);
    }

    /// <summary>
    /// Runs up to 100 actions on rows of ONE partition atomically: all are written or none.
    /// </summary>
    /// <returns>The ETag each action left on its row, in order (null for deletes).</returns>
    /// <exception cref="ArgumentException">No action, more than 100, or rows of more than one partition.</exception>
    /// <exception cref="TableTransactionFailedException">An action failed; <see cref="TableTransactionFailedException.FailedIndex"/> says which.</exception>
    public virtual async Task<IReadOnlyList<string?>> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }
        if (actions.Count > MaxTransactionActions)
        {
            throw new ArgumentException($"A transaction holds at most {MaxTransactionActions} actions, not {actions.Count}.", nameof(actions));
        }
        foreach (var action in actions)
        {
            ArgumentNullException.ThrowIfNull(action, nameof(actions));
            ValidateKeys(action.Entity);
        }
        // The service rejects a transaction spanning partitions; the emulator does not, so check here to behave the same everywhere.
        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => !string.Equals(a.Entity.PartitionKey, partition, StringComparison.Ordinal)))
        {
            throw new ArgumentException("All actions of a transaction must address the same PartitionKey.", nameof(actions));
        }

        var batch = new TableTransactionBody(_endpoint, Name, actions);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Post, _endpoint, "/$batch");
        message.Request.Headers.SetValue("Content-Type", batch.ContentType);
        message.Request.Content = RequestContent.Create(batch.Build());
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 202)
        {
            throw StorageErrors.Create(response, $"Transaction on {Name}");
        }
        return TableTransactionResult.Parse(response, actions.Count, Name);
    }

    private async Task<string> WriteEntityAsync(TableEntity entity, TableUpdateMode mode, string? ifMatch, string operation,
        CancellationToken cancellationToken)
    {
        var method = mode == TableUpdateMode.Merge ? RequestMethod.Patch : RequestMethod.Put;
        using var message = TableRequests.Create(_pipeline, method, _endpoint, TableRequests.EntityPath(Name, entity.PartitionKey, entity.RowKey));
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }
        SetBody(message.Request, entity);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            204 or 200 or 201 => ETagOf(response),
            412 => throw ConcurrencyFailure(response, operation),
            _ => throw StorageErrors.Create(response, $"{operation} {Name}"),
        };
    }

    private TableConcurrencyException ConcurrencyFailure(Response response, string operation) =>
        StorageErrors.Create(response, $"{operation} {Name}", (status, text, code) => new TableConcurrencyException(status, text, code));

    private static void SetBody(Request request, TableEntity entity)
    {
        request.Headers.SetValue("Content-Type", TableRequests.JsonContentType);
        request.Content = RequestContent.Create(TableEntityJson.Serialize(entity));
    }

    private static void AppendSelect(Request request, IEnumerable<string>? select)
    {
        if (select is null)
        {
            return;
        }
        var names = new List<string> { TableEntity.PartitionKeyName, TableEntity.RowKeyName };
        names.AddRange(select.Where(n => !names.Contains(n, StringComparer.Ordinal)));
        request.Uri.AppendQuery("$select", string.Join(',', names));
    }

    private static string ETagOf(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) ? etag : string.Empty;

    private static void ValidateKeys(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (!entity.ContainsKey(TableEntity.PartitionKeyName) || !entity.ContainsKey(TableEntity.RowKeyName))
        {
            throw new ArgumentException("The entity needs a PartitionKey and a RowKey.", nameof(entity));
        }
    }
}

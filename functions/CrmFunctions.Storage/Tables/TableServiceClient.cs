using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>The Table service of one account: creates, deletes and lists tables, hands out <see cref="TableClient"/>s.</summary>
public class TableServiceClient
{
    private readonly HttpPipeline _pipeline = null!;
    private readonly Uri _endpoint = null!;

    /// <summary>For mocking.</summary>
    protected TableServiceClient()
    {
    }

    internal TableServiceClient(HttpPipeline pipeline, Uri endpoint)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
    }

    public virtual Uri Endpoint => _endpoint;

    public virtual TableClient GetTableClient(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new TableClient(_pipeline, _endpoint, tableName);
    }

    /// <returns>True when the table was created, false when it already existed.</returns>
    public virtual async Task<bool> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Post, _endpoint, "/Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Headers.SetValue("Content-Type", TableRequests.JsonContentType);
        message.Request.Content = RequestContent.Create(TableNameBody(tableName));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            201 or 204 => true,
            409 => false,
            _ => throw StorageErrors.Create(response, $"Creating table {tableName}"),
        };
    }

    private static byte[] TableNameBody(string tableName)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("TableName", tableName);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <returns>True when the table was deleted, false when there was none.</returns>
    public virtual async Task<bool> DeleteTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        using var message = TableRequests.Create(_pipeline, RequestMethod.Delete, _endpoint,
            "/Tables('" + Uri.EscapeDataString(tableName.Replace("'", "''", StringComparison.Ordinal)) + "')");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw StorageErrors.Create(response, $"Deleting table {tableName}"),
        };
    }

    /// <summary>Names of the tables, optionally only those starting with <paramref name="prefix"/>.</summary>
    public virtual async IAsyncEnumerable<string> GetTableNamesAsync(string? prefix = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? nextTableName = null;
        do
        {
            using var message = TableRequests.Create(_pipeline, RequestMethod.Get, _endpoint, "/Tables");
            if (!string.IsNullOrEmpty(prefix))
            {
                // Table names are letters and digits, all of which sort before '{': this range is exactly the prefix.
                message.Request.Uri.AppendQuery("$filter", TableFilter.Create($"TableName ge {prefix} and TableName lt {prefix + "{"}"));
            }
            if (nextTableName is not null)
            {
                message.Request.Uri.AppendQuery("NextTableName", nextTableName);
            }
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var response = message.Response;
            if (response.Status != 200)
            {
                throw StorageErrors.Create(response, "Listing tables");
            }
            using var json = JsonDocument.Parse(response.Content.ToMemory());
            foreach (var table in json.RootElement.GetProperty("value").EnumerateArray())
            {
                yield return table.GetProperty("TableName").GetString()!;
            }
            nextTableName = response.Headers.TryGetValue("x-ms-continuation-NextTableName", out var next) && next.Length > 0 ? next : null;
        }
        while (nextTableName is not null);
    }
}

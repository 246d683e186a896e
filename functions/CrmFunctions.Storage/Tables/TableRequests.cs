using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>Headers every Table request carries.</summary>
internal static class TableRequests
{
    public const string JsonContentType = "application/json";
    public const string Accept = "application/json;odata=minimalmetadata";

    public static HttpMessage Create(HttpPipeline pipeline, RequestMethod method, Uri endpoint, string escapedPath)
    {
        var message = StorageRequest.Create(pipeline, method, endpoint, escapedPath, StorageRequest.TableVersion);
        message.Request.Headers.SetValue("Accept", Accept);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    /// <summary>The escaped path of one row: <c>/Table(PartitionKey='..',RowKey='..')</c>.</summary>
    public static string EntityPath(string table, string partitionKey, string rowKey) =>
        "/" + Uri.EscapeDataString(table) + "(PartitionKey='" + EscapeKey(partitionKey) + "',RowKey='" + EscapeKey(rowKey) + "')";

    // Quotes are doubled inside the OData literal, then the whole literal is percent-escaped.
    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}

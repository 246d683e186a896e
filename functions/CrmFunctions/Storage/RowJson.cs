using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmFunctions.Storage;

/// <summary>A table row as the API shows it: its columns in camel case, without the storage's own keys and versions.</summary>
public static class RowJson
{
    public static JsonObject From(TableEntity row, bool withKeys = false)
    {
        var json = new JsonObject();
        foreach (var (key, value) in row.Where(p => p.Key is not ("Timestamp" or "odata.etag") && (withKeys || p.Key is not ("PartitionKey" or "RowKey"))))
            json[char.ToLowerInvariant(key[0]) + key[1..]] = value switch
            {
                null => null,
                // Compressed columns (a golden record's parts) are not for reading.
                byte[] => null,
                _ => JsonSerializer.SerializeToNode(value, value.GetType()),
            };
        return json;
    }
}

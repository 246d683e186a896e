using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmFunctions.Ingest;

public static class IntakeJson
{
    /// <summary>camelCase, case-insensitive, unknown members ignored: senders add fields we do not use.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

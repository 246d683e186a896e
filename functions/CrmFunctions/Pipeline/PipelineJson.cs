using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmFunctions.Pipeline;

/// <summary>How pipeline messages and stored golden records are written: camelCase, enums by name, nulls left out.</summary>
public static class PipelineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}

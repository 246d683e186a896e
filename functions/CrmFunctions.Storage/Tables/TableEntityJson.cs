using System.Globalization;
using System.Text.Json;

namespace CrmFunctions.Storage;

/// <summary>
/// OData JSON for entities. Types JSON cannot carry (Int64, DateTime, Guid, Binary, and doubles that look like
/// integers) get an <c>@odata.type</c> annotation so they come back as the type they were written as.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";

    public static byte[] Serialize(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in entity)
            {
                // The service owns Timestamp; a null is "no property" in a table.
                if (name == TableEntity.TimestampName || value is null)
                {
                    continue;
                }
                WriteProperty(writer, name, value);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case short or byte or sbyte or ushort:
                writer.WriteNumber(name, Convert.ToInt32(value, CultureInfo.InvariantCulture));
                break;
            case long l:
                writer.WriteString(name + TypeSuffix, "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double or float:
                WriteDouble(writer, name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset dto:
                writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                writer.WriteString(name, FormatDateTime(dto));
                break;
            case DateTime dt:
                writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                writer.WriteString(name, FormatDateTime(dt.Kind == DateTimeKind.Unspecified
                    ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc))
                    : new DateTimeOffset(dt)));
                break;
            case Guid g:
                writer.WriteString(name + TypeSuffix, "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            case BinaryData data:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, data.ToMemory().Span);
                break;
            default:
                throw new ArgumentException(
                    $"Property '{name}' has type {value.GetType().Name}, which a table cannot store " +
                    "(use string, bool, int, long, double, DateTimeOffset, Guid or byte[]).");
        }
    }

    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteDouble(Utf8JsonWriter writer, string name, double d)
    {
        writer.WriteString(name + TypeSuffix, "Edm.Double");
        if (double.IsNaN(d))
        {
            writer.WriteString(name, "NaN");
        }
        else if (double.IsPositiveInfinity(d))
        {
            writer.WriteString(name, "Infinity");
        }
        else if (double.IsNegativeInfinity(d))
        {
            writer.WriteString(name, "-Infinity");
        }
        else
        {
            writer.WriteNumber(name, d);
        }
    }

    public static TableEntity Read(JsonElement element, string? etag = null)
    {
        var entity = new TableEntity();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name.StartsWith("odata.", StringComparison.Ordinal))
            {
                if (name == "odata.etag")
                {
                    entity.ETag = property.Value.GetString();
                }
                continue;
            }
            if (name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }
            var edmType = element.TryGetProperty(name + TypeSuffix, out var type) ? type.GetString() : null;
            // The emulator leaves the system Timestamp unannotated; it is always a DateTime.
            if (edmType is null && name == TableEntity.TimestampName)
            {
                edmType = "Edm.DateTime";
            }
            entity[name] = ReadValue(name, property.Value, edmType);
        }
        if (etag is not null)
        {
            entity.ETag = etag;
        }
        return entity;
    }

    private static object? ReadValue(string name, JsonElement value, string? edmType)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        try
        {
            return edmType switch
            {
                "Edm.Int64" => value.ValueKind == JsonValueKind.Number ? value.GetInt64() : long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                "Edm.Int32" => value.GetInt32(),
                "Edm.Double" => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : ParseDouble(value.GetString()!),
                "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                "Edm.Guid" => Guid.Parse(value.GetString()!),
                "Edm.Binary" => value.GetBytesFromBase64(),
                "Edm.Boolean" => value.GetBoolean(),
                "Edm.String" => value.GetString(),
                _ => ReadUntyped(value),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"Property '{name}' of the entity is not a valid {edmType ?? value.ValueKind.ToString()}.", e);
        }
    }

    // Without an annotation JSON decides: whole numbers that fit are Int32 (the service annotates Int64 and Double
    // when they could be mistaken for one), anything else numeric is Double.
    private static object? ReadUntyped(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.GetRawText().AsSpan().IndexOfAny(".eE") < 0 && value.TryGetInt32(out var i) => i,
        JsonValueKind.Number => value.GetDouble(),
        _ => value.GetRawText(),
    };

    private static double ParseDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}

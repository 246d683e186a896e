using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CrmFunctions.Hosting;

/// <summary>
/// Reads the host's invocation JSON ({"Data":{...},"Metadata":{...}}) tolerantly: the host double-encodes
/// strings, sends binary as base64 and has changed metadata key names across extension versions.
/// </summary>
public static class InvocationPayload
{
    public static FunctionContext Read(FunctionDefinition function, JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            throw new InvalidInvocationException("The invocation body must be a JSON object.");
        var data = Property(payload, "Data");
        var metadata = Property(payload, "Metadata");
        var trigger = data is { ValueKind: JsonValueKind.Object } d ? Property(d, function.Trigger.BindingName) : null;

        return function.Trigger switch
        {
            QueueTrigger => new FunctionContext(function,
                ReadMessage(trigger ?? throw new InvalidInvocationException($"Data.{function.Trigger.BindingName} is missing.")),
                ReadMetadata(metadata), null),
            TimerTrigger => new FunctionContext(function, null, TriggerMetadata.Empty, ReadTimer(trigger)),
            _ => throw new InvalidInvocationException($"Function '{function.Name}' is not invoked through this path."),
        };
    }

    /// <summary>With dataType binary the body is base64 of the raw bytes; older shapes send JSON-encoded text or an object.</summary>
    public static BinaryData ReadMessage(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
            return BinaryData.FromString(value.GetRawText());
        var text = value.GetString()!;
        if (text.StartsWith('"'))
            return BinaryData.FromString(JsonSerializer.Deserialize<string>(text) ?? "");
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written)
            ? BinaryData.FromBytes(buffer.AsMemory(0, written))
            : BinaryData.FromString(text);
    }

    public static TriggerMetadata ReadMetadata(JsonElement? metadata)
    {
        if (metadata is not { ValueKind: JsonValueKind.Object } m)
            return TriggerMetadata.Empty;
        var deliveryCount = int.TryParse(Text(m, "DeliveryCount") ?? Text(m, "DequeueCount"), NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var count) ? count : 1;
        return new TriggerMetadata(
            Text(m, "MessageId") ?? Text(m, "Id"),
            deliveryCount,
            Time(Text(m, "EnqueuedTime") ?? Text(m, "EnqueuedTimeUtc") ?? Text(m, "InsertionTime")),
            Text(m, "CorrelationId"),
            Text(m, "ContentType"),
            Properties(Property(m, "ApplicationProperties") ?? Property(m, "UserProperties")));
    }

    public static TimerInfo ReadTimer(JsonElement? timer)
    {
        if (timer is { ValueKind: JsonValueKind.String } encoded)
            timer = JsonDocument.Parse(encoded.GetString()!).RootElement;
        if (timer is not { ValueKind: JsonValueKind.Object } t)
            return new TimerInfo(false, null, null);
        var status = Property(t, "ScheduleStatus");
        var pastDue = Property(t, "IsPastDue") is { ValueKind: JsonValueKind.True };
        return status is { ValueKind: JsonValueKind.Object } s
            ? new TimerInfo(pastDue, Time(Text(s, "Last")), Time(Text(s, "Next")))
            : new TimerInfo(pastDue, null, null);
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        return null;
    }

    /// <summary>A scalar as text, unwrapping the host's second JSON encoding ("\"abc\"", "4").</summary>
    private static string? Text(JsonElement element, string name) => Property(element, name) is { } value ? Scalar(value) : null;

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString() is { Length: > 1 } s && s[0] == '"' && s[^1] == '"'
            => JsonSerializer.Deserialize<string>(s),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    private static Dictionary<string, string> Properties(JsonElement? element)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element is { ValueKind: JsonValueKind.String } encoded && encoded.GetString() is { } text && text.StartsWith('{'))
            element = JsonDocument.Parse(text).RootElement;
        if (element is not { ValueKind: JsonValueKind.Object } o)
            return result;
        foreach (var property in o.EnumerateObject())
            if (Scalar(property.Value) is { } scalar)
                result[property.Name] = scalar;
        return result;
    }

    public static string EncodeBase64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

public sealed class InvalidInvocationException(string message) : Exception(message);

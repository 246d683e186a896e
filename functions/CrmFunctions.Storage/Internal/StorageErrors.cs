using System.Text.Json;
using System.Xml.Linq;
using Azure;

namespace CrmFunctions.Storage;

/// <summary>Turns a failed response into a <see cref="RequestFailedException"/> with status and error code, without secrets.</summary>
internal static class StorageErrors
{
    public static RequestFailedException Create(Response response, string operation) =>
        Create(response, operation, (status, message, code) => new RequestFailedException(status, message, code, null));

    public static TException Create<TException>(Response response, string operation, Func<int, string, string?, TException> factory)
    {
        var (code, detail) = Parse(response);
        return factory(response.Status, Describe(operation, response.Status, response.ReasonPhrase, code, detail), code);
    }

    // Only the service's code and the first line of its message: later lines carry request ids and times,
    // and nothing of the request (URL, headers) is repeated, so no SAS or key can leak into logs.
    public static string Describe(string operation, int status, string? reason, string? code, string? detail)
    {
        var message = $"{operation} failed: {status}{(string.IsNullOrEmpty(reason) ? "" : " " + reason)}";
        if (!string.IsNullOrEmpty(code))
        {
            message += $" ({code})";
        }
        if (!string.IsNullOrEmpty(detail))
        {
            message += ": " + FirstLine(detail);
        }
        return message;
    }

    public static (string? Code, string? Message) Parse(Response response)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var headerCode);
        var (bodyCode, bodyMessage) = ParseBody(response.Content);
        return (string.IsNullOrEmpty(headerCode) ? bodyCode : headerCode, bodyMessage);
    }

    public static (string? Code, string? Message) ParseBody(BinaryData? content)
    {
        if (content is null)
        {
            return (null, null);
        }
        var bytes = content.ToMemory();
        if (bytes.IsEmpty)
        {
            return (null, null);
        }
        try
        {
            var first = (char)bytes.Span[0];
            if (first == '{')
            {
                using var json = JsonDocument.Parse(bytes);
                if (json.RootElement.TryGetProperty("odata.error", out var error) ||
                    json.RootElement.TryGetProperty("error", out error))
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    string? message = null;
                    if (error.TryGetProperty("message", out var m))
                    {
                        message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString()
                            : m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    }
                    return (code, message);
                }
            }
            else
            {
                var xml = XDocument.Parse(content.ToString());
                var root = xml.Root;
                if (root is not null && root.Name.LocalName == "Error")
                {
                    return (root.Element("Code")?.Value, root.Element("Message")?.Value);
                }
            }
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            // An unreadable error body still leaves the status code to report.
        }
        return (null, null);
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }
}

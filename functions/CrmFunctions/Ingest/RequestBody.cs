using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace CrmFunctions.Ingest;

/// <summary>Reads an intake body as raw bytes (the signature and the archive need them exactly) with the 413/415/400 checks.</summary>
public static class RequestBody
{
    public sealed record Read(byte[] Bytes, JsonElement Json);

    /// <summary>A small JSON command body (not archived) read into <typeparamref name="T"/>, with the 415/400 answers.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problems.UnsupportedMediaType(request.ContentType));
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, IntakeJson.Options, cancellationToken);
            return body is null ? (null, Problems.Validation(Problems.Single("$", "must be a JSON object."))) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, e.Path is null or "$" ? Problems.MalformedJson(e) : Problems.WrongType(e));
        }
    }

    public static async Task<(Read? Body, IResult? Problem)> ReadJsonAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
            return (null, Problems.UnsupportedMediaType(request.ContentType));
        if (request.ContentLength > maxBytes)
            return (null, Problems.TooLarge(maxBytes));

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return (null, Problems.TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray();
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return (new Read(bytes, document.RootElement.Clone()), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.MalformedJson(e));
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);
}

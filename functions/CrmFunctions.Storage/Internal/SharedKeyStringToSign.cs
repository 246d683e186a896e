using System.Globalization;
using System.Text;
using Azure.Core;

namespace CrmFunctions.Storage;

/// <summary>The strings the storage services expect us to sign, built from the request exactly as it will be sent.</summary>
internal static class SharedKeyStringToSign
{
    /// <summary>Blob and Queue "SharedKey": twelve standard headers, the x-ms-* headers, the resource, the query.</summary>
    public static string ForBlobOrQueue(Request request, string accountName)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.Method).Append('\n');
        builder.Append(Header(request, "Content-Encoding")).Append('\n');
        builder.Append(Header(request, "Content-Language")).Append('\n');
        builder.Append(ContentLength(request)).Append('\n');
        builder.Append(Header(request, "Content-MD5")).Append('\n');
        builder.Append(ContentType(request)).Append('\n');
        builder.Append('\n'); // Date: we send x-ms-date instead.
        builder.Append(Header(request, "If-Modified-Since")).Append('\n');
        builder.Append(Header(request, "If-Match")).Append('\n');
        builder.Append(Header(request, "If-None-Match")).Append('\n');
        builder.Append(Header(request, "If-Unmodified-Since")).Append('\n');
        builder.Append(Header(request, "Range")).Append('\n');

        var msHeaders = request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        var uri = request.Uri.ToUri();
        builder.Append(CanonicalResource(uri, accountName));
        foreach (var (name, values) in QueryParameters(uri).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append('\n').Append(name).Append(':').Append(string.Join(',', values));
        }
        return builder.ToString();
    }

    /// <summary>Table "SharedKeyLite": the date and the resource, plus <c>?comp=</c> when present.</summary>
    public static string ForTableLite(Request request, string accountName, string msDate)
    {
        var uri = request.Uri.ToUri();
        var result = msDate + "\n" + CanonicalResource(uri, accountName);
        if (QueryParameters(uri).TryGetValue("comp", out var comp))
        {
            result += "?comp=" + string.Join(',', comp);
        }
        return result;
    }

    /// <summary>
    /// "/{account}" + the escaped path as sent. On path-style URLs (emulator) the path already starts with the
    /// account name, which therefore appears twice; that is what the service expects.
    /// </summary>
    public static string CanonicalResource(Uri uri, string accountName) => "/" + accountName + uri.AbsolutePath;

    private static SortedDictionary<string, List<string>> QueryParameters(Uri uri)
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return result;
        }
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!result.TryGetValue(name, out var values))
            {
                result[name] = values = [];
            }
            values.Add(value);
        }
        foreach (var values in result.Values)
        {
            values.Sort(StringComparer.Ordinal);
        }
        return result;
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

    // The transport drops Content-Type (and sends no length) when there is no body, so neither may be signed then.
    private static string ContentType(Request request) =>
        request.Content is null ? string.Empty : Header(request, "Content-Type");

    private static string ContentLength(Request request)
    {
        if (request.Content is null || !request.Content.TryComputeLength(out var length) || length == 0)
        {
            return string.Empty;
        }
        return length.ToString(CultureInfo.InvariantCulture);
    }
}

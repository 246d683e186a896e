using System.Globalization;
using System.Text.RegularExpressions;
using Azure;

namespace CrmFunctions.Storage;

/// <summary>
/// Reads the multipart answer of a transaction. A failed transaction still answers 202: its body then holds a
/// single inner response with the error, whose message starts with the index of the failing action ("2:...").
/// </summary>
internal static partial class TableTransactionResult
{
    private sealed record InnerResponse(int Status, string? Reason, Dictionary<string, string> Headers, string Body);

    public static IReadOnlyList<string?> Parse(Response response, int actionCount, string table)
    {
        var parts = ReadInnerResponses(response.Content.ToString());
        var failedPosition = parts.FindIndex(p => p.Status >= 400);
        if (failedPosition >= 0)
        {
            var failed = parts[failedPosition];
            var (code, detail) = StorageErrors.ParseBody(BinaryData.FromString(failed.Body));
            int? index = null;
            if (detail is not null && LeadingIndex().Match(detail) is { Success: true } match)
            {
                index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                detail = detail[match.Length..];
            }
            else if (parts.Count == actionCount)
            {
                index = failedPosition;
            }
            var message = StorageErrors.Describe(
                $"Transaction on {table} (action {(index?.ToString(CultureInfo.InvariantCulture) ?? "unknown")})",
                failed.Status, failed.Reason, code, detail);
            throw new TableTransactionFailedException(failed.Status, message, code, index);
        }
        if (parts.Count != actionCount)
        {
            throw new RequestFailedException(response.Status,
                $"Transaction on {table}: expected {actionCount} answers, got {parts.Count}.", null, null);
        }
        return parts.Select(p => p.Headers.TryGetValue("ETag", out var etag) ? etag : null).ToList();
    }

    // Inner responses start at their status line and end at the next boundary line; boundaries need not be
    // known because JSON bodies never start a line with "--".
    private static List<InnerResponse> ReadInnerResponses(string body)
    {
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<InnerResponse>();
        for (var i = 0; i < lines.Length; i++)
        {
            var statusLine = StatusLine().Match(lines[i]);
            if (!statusLine.Success)
            {
                continue;
            }
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            i++;
            for (; i < lines.Length && lines[i].Length > 0; i++)
            {
                var colon = lines[i].IndexOf(':');
                if (colon > 0)
                {
                    headers[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
                }
            }
            var content = new List<string>();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                content.Add(lines[i]);
            }
            i--;
            result.Add(new InnerResponse(
                int.Parse(statusLine.Groups[1].Value, CultureInfo.InvariantCulture),
                statusLine.Groups[2].Value.Trim(),
                headers,
                string.Join('\n', content).Trim()));
        }
        return result;
    }

    [GeneratedRegex(@"^HTTP/1\.[01] (\d{3})(.*)$")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex LeadingIndex();
}

using System.Globalization;
using System.Text.Json;

namespace CrmFunctions.Campaigns;

/// <summary>Reads a provider's HTTP answer into a <see cref="ProviderAnswer"/>.</summary>
public static class ProviderAnswers
{
    /// <summary>Sends a prepared request with the named client and reads the answer.</summary>
    public static async Task<ProviderAnswer> SendAsync(IHttpClientFactory clients, string clientName, HttpRequestMessage request, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        using var response = await clients.CreateClient(clientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<ProviderAnswer> ReadAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? messageId = null, code = null;
        try
        {
            if (body.Length > 0 && JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Object } root)
            {
                messageId = Text(root, "messageId");
                code = Text(root, "code");
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: the status says enough.
        }
        return new ProviderAnswer(response.StatusCode, messageId, code, RetryAfter(response, now));
    }

    // Brevo's e-mail message id is a string, its SMS message id a number.
    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is not { } retry) return null;
        if (retry.Delta is { } delta) return delta;
        return retry.Date is { } date && date > now ? date - now : TimeSpan.Zero;
    }

    /// <summary>A short description for logs and parked messages: status and the provider's code only.</summary>
    public static string Describe(string destination, ProviderAnswer answer) =>
        string.Create(CultureInfo.InvariantCulture, $"{destination} answered {(int)answer.Status}{(answer.ErrorCode is { } c ? " " + c : "")}");
}

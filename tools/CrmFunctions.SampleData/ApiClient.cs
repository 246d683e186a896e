using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Webhooks;

namespace CrmFunctions.SampleData;

/// <summary>Sends the sample data through the public API, exactly as hotel systems and survey tools would.</summary>
public sealed class ApiClient(HttpClient http, IReadOnlyDictionary<string, string> secrets)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task PostAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(path, JsonSerializer.Serialize(body, Json), null, cancellationToken);

    /// <summary>Signs after the Standard Webhooks scheme with the source's secret, as a survey tool does.</summary>
    public Task PostSignedAsync(string path, string source, object body, CancellationToken cancellationToken)
    {
        // Keyed by source, or by the key of the source's app setting as read from local.settings.json.
        if (!secrets.TryGetValue(source, out var secret) && !secrets.TryGetValue(SettingNames.WebhookSecretKey(source), out secret))
            throw new InvalidOperationException($"No secret for source '{source}': set {SettingNames.WebhookSecret(source)} in local.settings.json.");
        return SendAsync(path, JsonSerializer.Serialize(body, Json), text =>
        {
            var id = "msg_" + Guid.NewGuid().ToString("N");
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return [("webhook-id", id), ("webhook-timestamp", timestamp),
                ("webhook-signature", "v1," + WebhookSignature.Sign(secret, id, timestamp, Encoding.UTF8.GetBytes(text)))];
        }, cancellationToken);
    }

    /// <summary>Asks for a barometer refresh now rather than at the next timer run; null when the app has no such route.</summary>
    public async Task<string?> RefreshBarometersAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("/api/barometers/refresh", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/barometers/refresh answered {(int)response.StatusCode}: {text}");
        return text;
    }

    private async Task SendAsync(string path, string text, Func<string, (string, string)[]>? headers, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers?.Invoke(text) ?? [])
                request.Headers.Add(name, value);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
                return;
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
                throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }
    }
}

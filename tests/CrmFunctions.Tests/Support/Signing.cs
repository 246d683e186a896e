using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CrmFunctions.Core.Webhooks;

namespace CrmFunctions.Tests.Support;

public static class Signing
{
    /// <summary>A request signed as a survey tool following the Standard Webhooks scheme would sign it.</summary>
    public static HttpRequestMessage SignedPost(string url, string body, string secret, DateTimeOffset? sentAt = null, string? id = null)
    {
        var timestamp = (sentAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        id ??= "msg_" + Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + WebhookSignature.Sign(secret, id, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    public static HttpRequestMessage TypeformPost(string url, string body, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) };
        request.Headers.Add("Typeform-Signature", "sha256=" + TypeformSignature.Sign(secret, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    public static StringContent Json(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

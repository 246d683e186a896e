using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace CrmFunctions.Core.Webhooks;

/// <summary>
/// For senders that cannot sign bodies but can send a fixed credential, as Brevo's webhooks can ("Secure webhook
/// calls", developers.brevo.com/docs/secured-webhooks): either a bearer token in the Authorization header
/// (webhook "auth": { "type": "bearer", "token": "{secret}" }) or basic auth put in the notify URL
/// (https://crm:{secret}@host/api/campaign-events/brevo?code=..., sent as Authorization: Basic; any user name).
/// The secret is compared in constant time. There is no timestamp: replays are absorbed by idempotency instead.
/// </summary>
public static class SharedSecretAuth
{
    public const string Header = "Authorization";

    public static SignatureCheck Verify(string secret, string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
            return SignatureCheck.Missing;
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || string.IsNullOrEmpty(header.Parameter))
            return SignatureCheck.Malformed;
        string? presented;
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            presented = header.Parameter;
        else if (header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            presented = BasicPassword(header.Parameter);
        else
            return SignatureCheck.Malformed;
        if (presented is null)
            return SignatureCheck.Malformed;
        return Same(secret, presented) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private static string? BasicPassword(string parameter)
    {
        var buffer = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, buffer, out var written))
            return null;
        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = text.IndexOf(':');
        return colon < 0 ? null : text[(colon + 1)..];
    }

    /// <summary>Hashing first makes the comparison constant-time whatever the lengths.</summary>
    private static bool Same(string secret, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

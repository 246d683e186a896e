using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CrmFunctions.Core.Webhooks;

public enum SignatureCheck { Valid, Missing, Malformed, OutsideTolerance, Mismatch }

/// <summary>
/// Verifies signed webhooks after the Standard Webhooks scheme: HMAC-SHA256 over
/// "{webhook-id}.{webhook-timestamp}.{raw body}", sent as "v1,{base64}" in webhook-signature
/// (several space-separated signatures allowed, for secret rotation). The timestamp bounds replays.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static SignatureCheck Verify(string secret, string? id, string? timestamp, string? signatures,
        ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
            return SignatureCheck.Missing;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SignatureCheck.Malformed;
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((now - sentAt).Duration() > tolerance)
            return SignatureCheck.OutsideTolerance;

        var expected = Sign(secret, id, timestamp, body);
        var sawOne = false;
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
                continue;
            sawOne = true;
            if (FixedTimeEquals(expected, candidate[3..]))
                return SignatureCheck.Valid;
        }
        return sawOne ? SignatureCheck.Mismatch : SignatureCheck.Malformed;
    }

    /// <summary>The base64 signature a sender computes (also what the README's openssl line prints).</summary>
    public static string Sign(string secret, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return Convert.ToBase64String(HMACSHA256.HashData(SecretKey(secret), content));
    }

    /// <summary>Standard Webhooks secrets are "whsec_" + base64; any other secret is used as its UTF-8 bytes.</summary>
    public static byte[] SecretKey(string secret)
    {
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            var buffer = new byte[secret.Length];
            if (Convert.TryFromBase64String(secret[6..], buffer, out var written))
                return buffer[..written];
        }
        return Encoding.UTF8.GetBytes(secret);
    }

    internal static bool FixedTimeEquals(string expectedBase64, string candidateBase64) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedBase64), Encoding.ASCII.GetBytes(candidateBase64));
}

/// <summary>
/// Typeform's scheme ("Secure your webhooks", Typeform developer documentation): header
/// Typeform-Signature = "sha256=" + base64(HMAC-SHA256(raw body, secret)). It carries no timestamp,
/// so replays are absorbed by idempotency on the response token instead.
/// </summary>
public static class TypeformSignature
{
    public const string Header = "Typeform-Signature";

    public static SignatureCheck Verify(string secret, string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(header))
            return SignatureCheck.Missing;
        if (!header.StartsWith("sha256=", StringComparison.Ordinal))
            return SignatureCheck.Malformed;
        return WebhookSignature.FixedTimeEquals(Sign(secret, body), header[7..]) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Ingest;

/// <summary>Checks a webhook's signature with its source's secret; answers the 401 problem when it does not hold.</summary>
public sealed class WebhookVerifier(IOptionsMonitor<WebhookOptions> options, TimeProvider clock, ILogger<WebhookVerifier> logger)
{
    public IResult? VerifyStandard(string source, IHeaderDictionary headers, byte[] body)
    {
        if (SecretFor(source) is not { } secret)
            return NotConfigured(source);
        var check = WebhookSignature.Verify(secret, headers[WebhookSignature.IdHeader], headers[WebhookSignature.TimestampHeader],
            headers[WebhookSignature.SignatureHeader], body, clock.GetUtcNow(), TimeSpan.FromSeconds(options.CurrentValue.ToleranceSeconds));
        return Explain(source, check,
            $"Sign \"{{webhook-id}}.{{webhook-timestamp}}.{{body}}\" with HMAC-SHA256 and send webhook-id, webhook-timestamp (Unix seconds, within {options.CurrentValue.ToleranceSeconds} s) and webhook-signature: v1,{{base64}}.");
    }

    public IResult? VerifyTypeform(IHeaderDictionary headers, byte[] body)
    {
        const string source = "typeform";
        if (SecretFor(source) is not { } secret)
            return NotConfigured(source);
        var check = TypeformSignature.Verify(secret, headers[TypeformSignature.Header], body);
        return Explain(source, check, "Set the webhook secret in Typeform; it sends Typeform-Signature: sha256={base64}.");
    }

    /// <summary>A sender that sends a fixed credential instead of a signature (Brevo): see <see cref="SharedSecretAuth"/>.</summary>
    public IResult? VerifySharedSecret(string source, IHeaderDictionary headers)
    {
        if (SecretFor(source) is not { } secret)
            return NotConfigured(source);
        var check = SharedSecretAuth.Verify(secret, headers.Authorization);
        return Explain(source, check,
            "Send the source's secret as Authorization: Bearer {secret}, or as the password of basic auth in the webhook URL.");
    }

    /// <summary>The one place a source's secret is looked up: under the setting name that survives App Service on Linux.</summary>
    private string? SecretFor(string source) =>
        options.CurrentValue.Secrets.TryGetValue(SettingNames.WebhookSecretKey(source), out var secret) && !string.IsNullOrEmpty(secret)
        // An unresolved Key Vault reference reaches us as its own text: that is no secret at all.
        && !secret.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) ? secret : null;

    private static IResult NotConfigured(string source) =>
        Problems.Unauthorized($"No webhook secret is configured for source '{source}' (app setting {SettingNames.WebhookSecret(source)}).");

    private IResult? Explain(string source, SignatureCheck check, string howTo)
    {
        if (check == SignatureCheck.Valid)
            return null;
        logger.LogWarning("Webhook from source {Source} refused: {SignatureCheck}", source, check);
        return Problems.Unauthorized(check switch
        {
            SignatureCheck.Missing => "The signature headers are missing. " + howTo,
            SignatureCheck.Malformed => "The signature headers are malformed. " + howTo,
            SignatureCheck.OutsideTolerance => "The webhook timestamp is too far from the current time (replayed or clock skew).",
            _ => "The signature does not match the body. " + howTo,
        });
    }
}

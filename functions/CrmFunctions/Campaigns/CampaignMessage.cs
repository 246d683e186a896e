using System.Security.Cryptography;
using System.Text;
using CrmFunctions.Core.Enrichment;

namespace CrmFunctions.Campaigns;

/// <summary>One trigger ready for a provider: the trigger, its recipient, and keys that stay the same across deliveries.</summary>
public sealed record CampaignMessage(CampaignTrigger Trigger, Recipient Recipient)
{
    /// <summary>A UUID derived from the de-duplication key: the same on every delivery, so the provider can drop a repeat.</summary>
    public Guid IdempotencyKey { get; } = new(SHA256.HashData(Encoding.UTF8.GetBytes(Trigger.DeduplicationKey)).AsSpan(0, 16));

    /// <summary>The webhook-id of the outbound webhook, also stable per trigger.</summary>
    public string WebhookId => "msg_" + IdempotencyKey.ToString("N");
}

/// <summary>A destination that takes campaign messages: Brevo or the signed outbound webhook.</summary>
public interface ICampaignSender
{
    string Destination { get; }

    /// <summary>
    /// The request for a message. Throws <see cref="CampaignNotConfiguredException"/> when a setting is missing: called
    /// before the trigger is reserved, so a trigger parked for its configuration is sent normally once it is resubmitted.
    /// </summary>
    HttpRequestMessage Prepare(CampaignMessage message, DateTimeOffset now);

    Task<ProviderAnswer> SendAsync(CampaignMessage message, HttpRequestMessage request, CancellationToken cancellationToken);
}

/// <summary>A trigger the configuration cannot deliver (no template, no destination): parked with the setting to add.</summary>
public sealed class CampaignNotConfiguredException(string message) : Hosting.PermanentFunctionFailureException(message);

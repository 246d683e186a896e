using System.Net;
using CrmFunctions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Campaigns;

/// <summary>
/// What a provider's answer other than a success does to a reserved send, the same for campaign triggers and alert
/// digests: the sent-log row records it, and the exception returned tells the host when to try again, or never.
/// Waiting (a destination that refused our credentials, a 429 that says when) is a deferral, not a failed attempt.
/// </summary>
public sealed class UnsentAnswers(SentLog log, DestinationPauses pauses, IOptions<CampaignsOptions> options, ILogger<UnsentAnswers> logger)
{
    /// <param name="subject">What was being sent, for the error: "Trigger {key}", "Alert digest {id}: the webhook".</param>
    /// <param name="refusal">The permanent refusal's error, without the provider's words: "A welcome trigger (email) was refused".</param>
    public async Task<Exception> RecordAsync(SendRow reserved, string destination, ProviderAnswer answer, Outcome outcome,
        string subject, string refusal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var described = ProviderAnswers.Describe(destination, answer);
        var status = outcome == Outcome.Refused ? SendStatus.Failed : SendStatus.Retrying;
        await log.WriteAsync(reserved with { Status = status, UpdatedAt = now, Detail = described }, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case Outcome.Unauthorized:
                var minutes = options.Value.PauseMinutesOnUnauthorized;
                pauses.Pause(destination, now.AddMinutes(minutes));
                logger.LogError("{Destination} refused our credentials ({Answer}): sends to it paused for {Minutes} minutes; check its URL, API key or secret",
                    destination, described, minutes);
                return new DeferException($"{subject}: {described}; dispatch paused.", now.AddMinutes(minutes));
            case Outcome.Retry when answer.Status == HttpStatusCode.TooManyRequests && answer.RetryAfter is { } after:
                // The provider said when: waiting for it is no failed attempt.
                return new DeferException($"{subject}: {described}.", now + after);
            case Outcome.Retry:
                return new RetryLaterException($"{subject}: {described}.", answer.RetryAfter ?? TimeSpan.Zero);
            default:
                return new CampaignRefusedException($"{refusal}: {described}.");
        }
    }
}

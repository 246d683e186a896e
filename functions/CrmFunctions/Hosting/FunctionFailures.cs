namespace CrmFunctions.Hosting;

/// <summary>
/// The message can never succeed as it is (the provider refused it for good): the local runner parks it on
/// {queue}-poison at once instead of retrying. The message must not carry personal data: it is the parked error.
/// </summary>
public class PermanentFunctionFailureException(string message) : Exception(message);

/// <summary>
/// Worth retrying, but not before <see cref="RetryAfter"/> (a provider's Retry-After, a paused destination). The local
/// runner holds the message that long; the Functions host redelivers a Service Bus message at once and cannot wait.
/// </summary>
public class RetryLaterException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

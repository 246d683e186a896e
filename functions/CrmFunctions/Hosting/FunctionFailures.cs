namespace CrmFunctions.Hosting;

/// <summary>
/// The message can never succeed as it is (the provider refused it for good): the local runner parks it on
/// {queue}-poison at once instead of retrying. The message must not carry personal data: it is the parked error.
/// </summary>
public class PermanentFunctionFailureException(string message) : Exception(message);

/// <summary>
/// A failed attempt worth retrying, but not before <see cref="RetryAfter"/>: it counts as a delivery (the local runner
/// parks the message after its last attempt, Service Bus dead-letters it), and the Functions host redelivers a Service
/// Bus message at once, without waiting. For a wait that is not a failure, throw <see cref="DeferException"/>.
/// </summary>
public class RetryLaterException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Not a failure: the message is to be handled again at <see cref="Until"/> (quiet hours, a provider's Retry-After, a
/// paused destination), however many times it is deferred. The delivery it came on is completed and a copy of the
/// message is put back on the function's queue, hidden until then: the local runner sends the copy to the Storage
/// queue with a visibility delay (see Runner.QueuePump); in Functions mode, where the host cannot hold a message, the
/// invocation endpoint sends it through the app's queue sender as a scheduled Service Bus message and answers the host
/// with success (see <see cref="Deferral"/>). A copy is a new delivery, so deferrals never count toward the poison
/// queue or the dead-letter queue. The handler must be idempotent: a crash between the copy and the completion leaves
/// both, and the later of the two finds the work done.
/// </summary>
public class DeferException(string message, DateTimeOffset until) : Exception(message)
{
    public DateTimeOffset Until { get; } = until;
}

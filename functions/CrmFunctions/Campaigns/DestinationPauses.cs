using System.Collections.Concurrent;

namespace CrmFunctions.Campaigns;

/// <summary>
/// Destinations that refused our credentials, and until when dispatch to them waits: every message would meet the
/// same 401, so they wait for the key to be fixed instead of each spending its deliveries. Per instance: another
/// instance finds out with its own first 401.
/// </summary>
public sealed class DestinationPauses
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public void Pause(string destination, DateTimeOffset until) => _until[destination] = until;

    /// <summary>How long the destination still waits, or null when it is open.</summary>
    public TimeSpan? Remaining(string destination, DateTimeOffset now) =>
        _until.TryGetValue(destination, out var until) && until > now ? until - now : null;
}

namespace CrmFunctions.Core.Barometers;

/// <summary>
/// How calls are counted for the service level. Defaults follow common contact-centre practice:
/// 80/20-style "answered within N seconds", with abandoned calls in the denominator (a caller who
/// gave up was not served) except short abandons, which are mostly misdials and would punish the
/// team for calls it could never have answered.
/// </summary>
public sealed record ServiceLevelOptions
{
    /// <summary>A call answered after at most this many seconds (rounded up) is within service level.</summary>
    public int ThresholdSeconds { get; init; } = 15;

    /// <summary>Calls abandoned within this many seconds are left out of every call figure; 0 keeps them all.</summary>
    public int ShortAbandonSeconds { get; init; } = 5;

    /// <summary>When false, the service level is answered-within-threshold ÷ answered only.</summary>
    public bool AbandonedInDenominator { get; init; } = true;

    public static ServiceLevelOptions Default { get; } = new();

    internal void Validate()
    {
        if (ThresholdSeconds is < 1 or > CounterKeys.MaxTrackedWaitSeconds)
            throw new ArgumentOutOfRangeException(nameof(ThresholdSeconds), ThresholdSeconds, $"Must be 1–{CounterKeys.MaxTrackedWaitSeconds} s.");
        if (ShortAbandonSeconds is < 0 or > CounterKeys.MaxTrackedWaitSeconds)
            throw new ArgumentOutOfRangeException(nameof(ShortAbandonSeconds), ShortAbandonSeconds, $"Must be 0–{CounterKeys.MaxTrackedWaitSeconds} s.");
    }
}

namespace CrmFunctions.Core;

/// <summary>
/// The days the system takes, in a query or a payload. Wide enough for any birth date, stay or answer; narrow enough
/// that every date computation on an accepted value (a stay's last day, a period's end, sixty periods of history, a
/// time's day in any offset) stays far inside what DateOnly and DateTimeOffset can hold, and inside what table storage
/// keeps (times from 1601).
/// </summary>
public static class SupportedDates
{
    public static readonly DateOnly First = new(1900, 1, 1);

    public static readonly DateOnly Last = new(2199, 12, 31);

    /// <summary>The range in words, for the problem a caller gets back.</summary>
    public const string Range = "between 1900-01-01 and 2199-12-31";

    public static bool Contains(DateOnly day) => day >= First && day <= Last;

    /// <summary>Both the sender's calendar day (the day a fact counts on) and the UTC day (the one stored) must be in range.</summary>
    public static bool Contains(DateTimeOffset time) =>
        Contains(DateOnly.FromDateTime(time.DateTime)) && Contains(DateOnly.FromDateTime(time.UtcDateTime));
}

namespace CrmFunctions.Core.Barometers.Facts;

/// <summary>
/// The state of the guest base for one property (or "*" for the whole base) as of a day.
/// Unlike the other facts these are stocks, not events: they are not summed over days, and the
/// top-20% revenue share cannot be merged across properties, so the caller takes the snapshot
/// at the level it wants to report.
/// </summary>
public sealed record CustomerBaseSnapshot
{
    public required string Property { get; init; }
    public required DateOnly AsOf { get; init; }
    /// <summary>Guests with a stay or an interaction in the activity window the caller uses.</summary>
    public long ActiveGuests { get; init; }
    public long NewGuests { get; init; }
    public long DuplicatesMerged { get; init; }
    public long WithValidEmail { get; init; }
    public long WithValidPhone { get; init; }
    public long WithConsent { get; init; }
    /// <summary>Revenue of each active guest over the window, one entry per guest, any order.</summary>
    public IReadOnlyList<decimal> RevenuePerGuest { get; init; } = [];
    /// <summary>
    /// Revenue of the best ⌈20%⌉ active guests and of all of them: when set, they stand for
    /// <see cref="RevenuePerGuest"/>, so a stored snapshot need not keep one figure per guest.
    /// </summary>
    public decimal? Top20Revenue { get; init; }
    public decimal? TotalRevenue { get; init; }
}

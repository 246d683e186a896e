namespace CrmFunctions.Core.Normalization;

/// <summary>Birth dates that cannot be true are rejected rather than matched on.</summary>
public static class BirthDates
{
    /// <returns>Null when plausible, else the reason.</returns>
    public static string? Check(DateOnly birthDate, DateOnly today, DateOnly earliest)
    {
        if (birthDate > today) return "in-future";
        if (birthDate < earliest) return "before-" + earliest.Year;
        return null;
    }
}

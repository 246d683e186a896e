namespace CrmFunctions.Core.Barometers;

/// <summary>
/// The moments of truth the survey asks about. Any other name is accepted too (a hotel may add
/// "spa" or "parking"); these constants only keep the common ones spelled the same everywhere.
/// Touchpoint scores are on 1–5.
/// </summary>
public static class Touchpoints
{
    public const string CheckIn = "check-in";
    public const string Room = "room";
    public const string Cleanliness = "cleanliness";
    public const string Breakfast = "breakfast";
    public const string Staff = "staff";
    public const string CheckOut = "check-out";

    public static IReadOnlyList<string> Known { get; } = [CheckIn, Room, Cleanliness, Breakfast, Staff, CheckOut];

    public const int MinScore = 1;
    public const int MaxScore = 5;

    /// <summary>Names are compared trimmed and lower-case so "Check-in " and "check-in" are one touchpoint.</summary>
    public static string Normalize(string name) => name.Trim().ToLowerInvariant();
}

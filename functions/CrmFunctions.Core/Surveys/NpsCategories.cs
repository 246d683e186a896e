namespace CrmFunctions.Core.Surveys;

/// <summary>The three NPS groups of a 0–10 "would you recommend" answer.</summary>
public static class NpsCategories
{
    public const string Promoter = "promoter";
    public const string Passive = "passive";
    public const string Detractor = "detractor";

    public static string? Of(int? score) => score switch
    {
        null or < 0 or > 10 => null,
        >= 9 => Promoter,
        >= 7 => Passive,
        _ => Detractor,
    };
}

namespace CrmFunctions.Storage;

/// <summary>How a write treats properties the row has but the entity sent does not.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep them (MERGE/PATCH).</summary>
    Merge,
    /// <summary>Drop them (PUT).</summary>
    Replace,
}

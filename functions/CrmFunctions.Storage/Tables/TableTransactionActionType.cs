namespace CrmFunctions.Storage;

public enum TableTransactionActionType
{
    /// <summary>Insert; fails when the row exists.</summary>
    Add,
    /// <summary>Insert or merge into the existing row.</summary>
    UpsertMerge,
    /// <summary>Insert or replace the existing row.</summary>
    UpsertReplace,
    /// <summary>Merge into an existing row whose ETag matches.</summary>
    UpdateMerge,
    /// <summary>Replace an existing row whose ETag matches.</summary>
    UpdateReplace,
    /// <summary>Delete an existing row whose ETag matches.</summary>
    Delete,
}

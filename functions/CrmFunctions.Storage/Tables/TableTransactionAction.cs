namespace CrmFunctions.Storage;

/// <summary>One action of an atomic table transaction.</summary>
public sealed class TableTransactionAction
{
    /// <param name="ifMatch">For updates and deletes: the ETag the row must still have; defaults to the entity's ETag, then "*".</param>
    public TableTransactionAction(TableTransactionActionType actionType, TableEntity entity, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ActionType = actionType;
        Entity = entity;
        IfMatch = ifMatch ?? entity.ETag ?? "*";
    }

    public TableTransactionActionType ActionType { get; }
    public TableEntity Entity { get; }
    public string IfMatch { get; }
}

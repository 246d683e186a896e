using Azure;

namespace CrmFunctions.Storage;

/// <summary>A transaction was rolled back because one of its actions failed; nothing of it was written.</summary>
public class TableTransactionFailedException : RequestFailedException
{
    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedIndex)
        : base(status, message, errorCode, null)
    {
        FailedIndex = failedIndex;
    }

    /// <summary>0-based position of the failing action in the submitted list, when the service names it.</summary>
    public int? FailedIndex { get; }
}

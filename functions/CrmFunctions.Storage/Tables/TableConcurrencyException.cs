using Azure;

namespace CrmFunctions.Storage;

/// <summary>The row changed (or vanished) since it was read: its ETag no longer matches (HTTP 412).</summary>
public class TableConcurrencyException : RequestFailedException
{
    public TableConcurrencyException(int status, string message, string? errorCode)
        : base(status, message, errorCode, null)
    {
    }
}

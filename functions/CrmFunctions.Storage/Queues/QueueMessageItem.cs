namespace CrmFunctions.Storage;

/// <summary>A received message, hidden from other receivers until <see cref="NextVisibleOn"/>.</summary>
/// <param name="PopReceipt">Needed to delete the message or change its visibility; each receive issues a new one.</param>
public sealed record QueueMessageItem(
    string MessageId,
    string PopReceipt,
    string MessageText,
    long DequeueCount,
    DateTimeOffset InsertedOn,
    DateTimeOffset ExpiresOn,
    DateTimeOffset NextVisibleOn);

namespace CrmFunctions.Storage;

/// <summary>What the service answers when a message is queued.</summary>
public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn, DateTimeOffset NextVisibleOn);

namespace CrmFunctions.Storage;

/// <summary>A message looked at without receiving it: it stays visible and cannot be deleted with this.</summary>
public sealed record PeekedMessage(string MessageId, string MessageText, long DequeueCount, DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn);

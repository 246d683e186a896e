using CrmFunctions.Core.Normalization;
using CrmFunctions.Core.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// Erased guests who must not be contacted again, remembered only by the keyed hashes of their e-mails and phones
/// (table PrivacySuppressions, partition "guest", row = guest key; ErasureId, At). The pipeline drops a suppressed
/// guest's contact unless it brings a consent given after the erasure: that contact re-creates the guest, and the
/// suppression is lifted.
/// </summary>
public sealed class Suppressions(TableClient table, GuestKeyer keyer)
{
    private const string Partition = "guest";

    /// <summary>Every key the guest's facts and suppression rows can be filed under: one per e-mail, one per phone.</summary>
    public IReadOnlyList<string> KeysOf(GuestIdentity identity) => keyer.AllOf(identity.Emails, identity.Phones);

    private IReadOnlyList<string> KeysOf(NormalizedContact contact) =>
        [.. contact.Emails.Select(keyer.OfEmail).Concat(contact.Phones.Select(keyer.OfPhone)).Distinct(StringComparer.Ordinal)];

    public async Task<int> AddAsync(IReadOnlyList<string> keys, string erasureId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = keys.Select(k => new TableEntity(Partition, k) { ["ErasureId"] = erasureId, ["At"] = at }).ToList();
        if (rows.Count > 0)
            await TableBatches.SubmitAsync(table, rows, TableTransactionActionType.UpsertReplace, cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>
    /// Whether the contact is of a suppressed guest and may not re-create them: true unless it carries a consent
    /// granted after the erasure, in which case the suppression is lifted. One query whatever the number of keys.
    /// </summary>
    public async Task<bool> HoldsBackAsync(NormalizedContact contact, CancellationToken cancellationToken)
    {
        var keys = KeysOf(contact);
        if (keys.Count == 0) return false;
        var filter = $"PartitionKey eq '{Partition}' and (" + string.Join(" or ", keys.Select(k => TableClient.CreateQueryFilter($"RowKey eq {k}"))) + ")";
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryRowsAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            rows.Add(row);
        if (rows.Count == 0) return false;
        var erasedAt = rows.Max(r => r.GetDateTimeOffset("At") ?? DateTimeOffset.MaxValue);
        if (!contact.Consents.Any(c => c.Granted && c.At > erasedAt)) return true;
        foreach (var row in rows)
            await table.DeleteEntityIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return false;
    }
}

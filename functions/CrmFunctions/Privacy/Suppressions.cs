using CrmFunctions.Core.Normalization;
using CrmFunctions.Core.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// Erased guests who must not be contacted again, remembered only by the keyed hashes of their e-mails and phones
/// (table PrivacySuppressions, partition = guest key, row "suppressed"; ErasureId, At): each contact point is a point
/// read, whatever the number of guests ever erased. The pipeline drops a suppressed
/// guest's contact unless it brings a consent given after the erasure: that contact re-creates the guest, and the
/// suppression is lifted.
/// </summary>
public sealed class Suppressions(TableClient table, GuestKeyer keyer)
{
    private const string Row = "suppressed";

    /// <summary>Every key the guest's facts and suppression rows can be filed under: one per e-mail, one per phone.</summary>
    public IReadOnlyList<string> KeysOf(GuestIdentity identity) => keyer.AllOf(identity.Emails, identity.Phones);

    private IReadOnlyList<string> KeysOf(NormalizedContact contact) =>
        [.. contact.Emails.Select(keyer.OfEmail).Concat(contact.Phones.Select(keyer.OfPhone)).Distinct(StringComparer.Ordinal)];

    public async Task<int> AddAsync(IReadOnlyList<string> keys, string erasureId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await Task.WhenAll(keys.Select(k => table.UpsertEntityAsync(new TableEntity(k, Row) { ["ErasureId"] = erasureId, ["At"] = at },
            TableUpdateMode.Replace, cancellationToken))).ConfigureAwait(false);
        return keys.Count;
    }

    /// <summary>
    /// Whether the contact is of a suppressed guest and may not re-create them: true unless it carries a consent
    /// granted after the erasure, in which case the suppression is lifted.
    /// </summary>
    public async Task<bool> HoldsBackAsync(NormalizedContact contact, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(KeysOf(contact), cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0) return false;
        var erasedAt = rows.Max(r => r.GetDateTimeOffset("At") ?? DateTimeOffset.MaxValue);
        if (!contact.Consents.Any(c => c.Granted && c.At > erasedAt)) return true;
        foreach (var row in rows)
            await table.DeleteEntityIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>Whether an address about to be written to is one of an erased guest (campaign dispatch checks it at send time).</summary>
    public async Task<bool> HoldsAnyAsync(IEnumerable<string?> emails, IEnumerable<string?> phones, CancellationToken cancellationToken) =>
        (await RowsAsync(keyer.AllOf(emails, phones), cancellationToken).ConfigureAwait(false)).Count > 0;

    private async Task<List<TableEntity>> RowsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0 ? [] :
        (await Task.WhenAll(keys.Select(k => table.GetEntityOrDefaultAsync(k, Row, cancellationToken: cancellationToken))).ConfigureAwait(false))
            .OfType<TableEntity>().ToList();
}

using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>
/// Source record → the golden record it belongs to (table ContactSources, partition = the member key, one row).
/// A source record that founded its golden record needs no row: the record's id derives from it
/// (<see cref="ContactIds.For"/>), and a merge of that record into another leaves a pointer under the id. Rows are
/// written for source records that joined another record, and for every member a review or merge moved.
/// </summary>
public sealed class SourceRecordMap(TableClient table)
{
    private const string Row = "";

    public TableClient Table => table;

    public static string MemberKey(ContactOrigin origin) => origin.Source + "/" + origin.SourceRecordId;

    /// <summary>The golden record id the source record was placed in, or the one it founded (follow merges from there).</summary>
    public async Task<string> GetAsync(string memberKey, CancellationToken cancellationToken) =>
        (await table.GetEntityOrDefaultAsync(TableKey.Encode(memberKey), Row, ["ContactId"], cancellationToken).ConfigureAwait(false))
            ?.GetString("ContactId") ?? Founded(memberKey);

    /// <summary>The id of the golden record a source record founds.</summary>
    public static string Founded(string memberKey)
    {
        var slash = memberKey.IndexOf('/', StringComparison.Ordinal);
        return ContactIds.For(new ContactOrigin(memberKey[..slash], memberKey[(slash + 1)..], default));
    }

    public Task SetAsync(string memberKey, string contactId, CancellationToken cancellationToken) =>
        contactId == Founded(memberKey)
            ? table.DeleteEntityIfExistsAsync(TableKey.Encode(memberKey), Row, cancellationToken: cancellationToken)
            : table.UpsertEntityAsync(new TableEntity(TableKey.Encode(memberKey), Row) { ["ContactId"] = contactId },
                TableUpdateMode.Replace, cancellationToken);

    /// <summary>Erasure: the rows of the member keys, gone.</summary>
    /// <returns>How many there were.</returns>
    public async Task<int> ForgetAsync(IEnumerable<string> memberKeys, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var key in memberKeys)
            if (await table.DeleteEntityIfExistsAsync(TableKey.Encode(key), Row, cancellationToken: cancellationToken).ConfigureAwait(false))
                deleted++;
        return deleted;
    }
}

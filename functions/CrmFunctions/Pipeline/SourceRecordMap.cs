using CrmFunctions.Core.Normalization;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>
/// Source record → the golden record it belongs to (table ContactSources, partition = the member key, one row).
/// A message processed again finds its record already placed and changes nothing.
/// </summary>
public sealed class SourceRecordMap(TableClient table)
{
    private const string Row = "";

    public TableClient Table => table;

    public static string MemberKey(ContactOrigin origin) => origin.Source + "/" + origin.SourceRecordId;

    public async Task<string?> GetAsync(string memberKey, CancellationToken cancellationToken) =>
        (await table.GetEntityOrDefaultAsync(TableKey.Encode(memberKey), Row, ["ContactId"], cancellationToken).ConfigureAwait(false))
            ?.GetString("ContactId");

    public Task SetAsync(string memberKey, string contactId, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(TableKey.Encode(memberKey), Row) { ["ContactId"] = contactId },
            TableUpdateMode.Replace, cancellationToken);
}

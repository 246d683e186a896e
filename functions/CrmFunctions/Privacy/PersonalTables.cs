using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// A fact table that can hold a guest: the columns with personal data in clear (as the sender typed them), the
/// column linking a row to its golden record, and the keyed guest hash. A row is the guest's when any of these
/// names them; the whole row goes on erasure (its barometer contribution is taken out first). Retention removes these
/// columns from old rows and keeps the rest; a table keyed by the guest (<see cref="PersonalKeyDatedBy"/>) has its old
/// rows deleted instead, since a key cannot be taken out of a row.
/// </summary>
public sealed record PersonalTable(string Name, IReadOnlyList<string> ClearColumns, string? ContactIdColumn = null, string? GuestKeyColumn = null,
    string? PersonalKeyDatedBy = null)
{
    /// <summary>The columns that name or point at the guest: what retention takes out of a row.</summary>
    public IReadOnlyList<string> PersonalColumns { get; } =
        [.. ClearColumns, .. new[] { ContactIdColumn, GuestKeyColumn }.OfType<string>()];

    public IReadOnlyList<string> Selected => ["IngestionId", .. PersonalColumns];

    public bool Holds(TableEntity row, GuestIdentity identity, IReadOnlySet<string> guestKeys) =>
        ClearColumns.Any(c => identity.Mentions(row.GetString(c)))
        || ContactIdColumn is not null && row.GetString(ContactIdColumn) is { } id && identity.ContactIds.Contains(id)
        || GuestKeyColumn is not null && row.GetString(GuestKeyColumn) is { } key && guestKeys.Contains(key);
}

public static class PersonalTables
{
    /// <summary>Every table whose rows are facts about one guest, found by scanning (their keys are days, not guests).</summary>
    public static IReadOnlyList<PersonalTable> Facts { get; } =
    [
        new(TableNames.Surveys, ["RespondentEmail", "RespondentPhone", "Comment"], ContactIdColumn: "ContactId"),
        new(TableNames.Interactions, ["ContactEmail", "ContactPhone"]),
        new(TableNames.CampaignEvents, ["Email", "Phone", "Text"]),
        // Partition = the phone's digits as the platform sent them.
        new(TableNames.CampaignInvitations, ["PartitionKey"], PersonalKeyDatedBy: "DeliveredAt"),
        new(TableNames.Stays, [], GuestKeyColumn: "GuestKey"),
        // A fact stored since the last refresh: its change row would count it again after the erasure.
        new(TableNames.BarometerChanges, [], GuestKeyColumn: "GuestKey"),
        // Campaign triggers handed to a provider (ids, kind, status, provider message id, delivery), the weekly-cap rows and the
        // message-id index rows: every one carries ContactId; no address or name.
        new(TableNames.CampaignSends, [], ContactIdColumn: "ContactId"),
    ];

    /// <summary>The guest's rows of each of the tables, the tables read at once.</summary>
    public static async Task<IReadOnlyList<(PersonalTable Shape, List<TableEntity> Rows)>> FindAllAsync(StorageServices storage,
        IEnumerable<PersonalTable> shapes, GuestIdentity identity, IReadOnlySet<string> guestKeys, bool whole, CancellationToken cancellationToken) =>
        await Task.WhenAll(shapes.Select(async shape =>
            (shape, await FindAsync(storage.GetTableClient(shape.Name), shape, identity, guestKeys, whole, cancellationToken).ConfigureAwait(false))))
            .ConfigureAwait(false);

    /// <summary>
    /// The guest's rows of one fact table, as whole rows when <paramref name="whole"/> (an export), or their keys and
    /// ingestion only. A scan: these tables are partitioned by day, and a guest's rows are on any day.
    /// </summary>
    private static async Task<List<TableEntity>> FindAsync(TableClient table, PersonalTable shape, GuestIdentity identity, IReadOnlySet<string> guestKeys,
        bool whole, CancellationToken cancellationToken)
    {
        var found = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryRowsAsync(select: whole ? null : shape.Selected, cancellationToken: cancellationToken).ConfigureAwait(false))
                if (shape.Holds(row, identity, guestKeys))
                    found.Add(row);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Not created yet: nothing of anyone there.
        }
        return found;
    }
}

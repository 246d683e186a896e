using System.Globalization;
using Azure;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>A survey answer linked to its guest.</summary>
public sealed record LinkedSurvey(string SurveyId, string Partition, int? Nps, string? NpsCategory, DateTimeOffset? SubmittedAt, string? PropertyId)
{
    public string? Comment { get; init; }
    public string? Language { get; init; }
    public bool Complaint { get; init; }
    public string? ComplaintReason { get; init; }

    public SurveyFeedback? ToFeedback() => SubmittedAt is { } at
        ? new SurveyFeedback
        {
            ResponseId = SurveyId,
            PropertyId = PropertyId,
            Nps = Nps,
            Comment = Comment,
            Language = Language,
            SubmittedAt = at,
            Complaint = Complaint,
            ComplaintReason = ComplaintReason,
        }
        : null;

    public static string? CategoryOf(int? nps) =>
        nps is >= 0 and <= 10 ? ContactEnricher.Categorize(nps.Value).ToString().ToLowerInvariant() : null;
}

/// <summary>A guest as the enrich stage reads it: the golden record, its profile row (with its version) and its linked answers.</summary>
public sealed record Guest(StoredGolden Golden, TableEntity? Profile, IReadOnlyList<LinkedSurvey> Surveys);

/// <summary>
/// What the enrich stage keeps next to a golden record in table Contacts (same partition = ContactId):
/// row "profile" (the derived, queryable view of the guest) and one row "survey:{id}" per linked answer.
/// </summary>
public sealed class ContactProfiles(TableClient contacts, TableClient surveys)
{
    public const string ProfileRow = "profile";
    private const string SurveyRowPrefix = "survey:";
    private const int MaxAttempts = 20;

    /// <summary>Links a stored survey answer to its guest: on the answer's row (ContactId) and in the guest's partition.</summary>
    public async Task<LinkedSurvey?> LinkSurveyAsync(string contactId, string surveyId, string partition, CancellationToken cancellationToken)
    {
        var row = await surveys.GetEntityOrDefaultAsync(partition, surveyId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (row is null) return null;
        var nps = row.GetInt32("Nps");
        var linked = new LinkedSurvey(surveyId, partition, nps, LinkedSurvey.CategoryOf(nps), row.GetDateTimeOffset("SubmittedAt"), row.GetString("PropertyId"))
        {
            Comment = row.GetString("Comment"),
            Language = row.GetString("Language"),
            Complaint = row.GetBoolean("Complaint") ?? false,
            ComplaintReason = row.GetString("ComplaintReason"),
        };
        await surveys.UpsertEntityAsync(new TableEntity(partition, surveyId) { ["ContactId"] = contactId }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(contactId, SurveyRowPrefix + surveyId)
        {
            ["SurveyPartition"] = partition,
            ["Nps"] = nps,
            ["NpsCategory"] = linked.NpsCategory,
            ["SubmittedAt"] = linked.SubmittedAt,
            ["PropertyId"] = linked.PropertyId,
            ["Comment"] = linked.Comment,
            ["Language"] = linked.Language,
            ["Complaint"] = linked.Complaint,
            ["ComplaintReason"] = linked.ComplaintReason,
        };
        RemoveNulls(entity);
        await contacts.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return linked;
    }

    /// <summary>Takes an answer's row out of a partition it no longer belongs to (its guest was merged into another).</summary>
    public Task UnlinkSurveyRowAsync(string contactId, string surveyId, CancellationToken cancellationToken) =>
        contacts.DeleteEntityIfExistsAsync(contactId, SurveyRowPrefix + surveyId, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<LinkedSurvey>> SurveysOfAsync(string contactId, CancellationToken cancellationToken)
    {
        var found = new List<LinkedSurvey>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {contactId} and RowKey ge {SurveyRowPrefix} and RowKey lt {"survey;"}");
        await foreach (var row in contacts.QueryRowsAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            found.Add(ReadSurvey(row));
        return found.OrderBy(s => s.SubmittedAt).ToList();
    }

    public Task<TableEntity?> GetProfileAsync(string contactId, CancellationToken cancellationToken) =>
        contacts.GetEntityOrDefaultAsync(contactId, ProfileRow, cancellationToken: cancellationToken);

    /// <summary>
    /// The guest's golden record, profile and linked answers in one query of its partition (the merge log rows
    /// between them are left out by the filter), following the record a merged id now stands for.
    /// </summary>
    public async Task<Guest?> ReadGuestAsync(string contactId, CancellationToken cancellationToken)
    {
        for (var i = 0; i < GoldenRecordStore.MaxRedirects; i++)
        {
            StoredGolden? golden = null;
            TableEntity? profile = null;
            var linked = new List<LinkedSurvey>();
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {contactId} and (RowKey eq {GoldenRecordStore.Row} or (RowKey ge {ProfileRow} and RowKey lt {"survey;"}))");
            await foreach (var row in contacts.QueryRowsAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.RowKey == GoldenRecordStore.Row) golden = GoldenRecordStore.FromEntity(row);
                else if (row.RowKey == ProfileRow) profile = row;
                else if (row.RowKey.StartsWith(SurveyRowPrefix, StringComparison.Ordinal)) linked.Add(ReadSurvey(row));
            }
            if (golden is null) return null;
            if (golden.MergedInto is { } into)
            {
                contactId = into;
                continue;
            }
            return new Guest(golden, profile, linked.OrderBy(s => s.SubmittedAt).ToList());
        }
        throw new InvalidOperationException($"Golden record {contactId} is merged into too long a chain of records.");
    }

    /// <summary>
    /// Recomputes the profile from the golden record and every linked answer, all read in one query. Conditional on
    /// the profile's version read with them, so an answer linked meanwhile by another worker is never overwritten.
    /// </summary>
    /// <returns>The guest as used, or null when there is no such golden record.</returns>
    public async Task<Guest?> RefreshAsync(string contactId, Func<GoldenRecord, IReadOnlyList<LinkedSurvey>, TableEntity, TableEntity>? extend,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await ReadGuestAsync(contactId, cancellationToken).ConfigureAwait(false) is not { Golden.Record: { } golden } guest)
                return null;
            var profile = Derive(golden, guest.Surveys);
            if (extend is not null) profile = extend(golden, guest.Surveys, profile);
            RemoveNulls(profile);
            try
            {
                if (guest.Profile is null)
                    await contacts.AddEntityAsync(profile, cancellationToken).ConfigureAwait(false);
                else
                    await contacts.UpdateEntityAsync(profile, guest.Profile.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return guest with { Profile = profile };
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A golden record merged into another: its linked answers are linked to the record kept, and its profile and
    /// answer rows are taken out of its partition (one read of them).
    /// </summary>
    public async Task MoveAsync(string from, string to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {from} and RowKey ge {ProfileRow} and RowKey lt {"survey;"}");
        await foreach (var row in contacts.QueryRowsAsync(filter, ["SurveyPartition"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey.StartsWith(SurveyRowPrefix, StringComparison.Ordinal))
                await LinkSurveyAsync(to, row.RowKey[SurveyRowPrefix.Length..], row.GetString("SurveyPartition") ?? "", cancellationToken).ConfigureAwait(false);
            await contacts.DeleteEntityIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static LinkedSurvey ReadSurvey(TableEntity row) =>
        new(row.RowKey[SurveyRowPrefix.Length..], row.GetString("SurveyPartition") ?? "", row.GetInt32("Nps"),
            row.GetString("NpsCategory"), row.GetDateTimeOffset("SubmittedAt"), row.GetString("PropertyId"))
        {
            Comment = row.GetString("Comment"),
            Language = row.GetString("Language"),
            Complaint = row.GetBoolean("Complaint") ?? false,
            ComplaintReason = row.GetString("ComplaintReason"),
        };

    /// <summary>What needs no enrichment rules: contact points, stays, consent, the latest answer's NPS category.</summary>
    public static TableEntity Derive(GoldenRecord golden, IReadOnlyList<LinkedSurvey> linked)
    {
        // One stay told by several systems (PMS export, booking engine, the survey about it) counts once, with its fullest figures.
        var stays = golden.Members.Select(m => m.Contact.Stay)
            .Where(s => s is not null && (s.Arrival is not null || s.ReservationId is not null))
            .GroupBy(s => (s!.PropertyId, Key: s.Arrival?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? s.ReservationId))
            .Select(g => (RoomNights: g.Max(s => s!.RoomNights ?? 0), Revenue: g.Max(s => s!.Revenue ?? 0m), Departure: g.Max(s => s!.Departure)))
            .ToList();
        var latest = linked.Where(s => s.Nps is not null).MaxBy(s => s.SubmittedAt);
        // The ledger's rule, so the profile shows the consent enrichment acts on (a withdrawal wins a tie with a grant).
        var consents = ConsentLedger.Current(golden.Consents);
        var profile = new TableEntity(golden.ContactId, ProfileRow)
        {
            ["GivenName"] = golden.Name?.GivenName,
            ["FamilyName"] = golden.Name?.FamilyName,
            ["Email"] = golden.Emails.FirstOrDefault(e => e.Value.Flags == EmailFlags.None)?.Value.Address ?? golden.Emails.FirstOrDefault()?.Value.Address,
            ["Phone"] = golden.Phones.FirstOrDefault()?.Value.E164,
            ["Country"] = golden.Country ?? golden.Address?.Country ?? golden.Phones.FirstOrDefault()?.Value.Country,
            ["Language"] = golden.Language,
            ["MemberCount"] = golden.Members.Count,
            ["Sources"] = string.Join(',', golden.Members.Select(m => m.Origin.Source).Distinct().Order(StringComparer.Ordinal)),
            ["Stays"] = stays.Count,
            ["RoomNights"] = stays.Sum(s => s.RoomNights),
            ["Revenue"] = (double)stays.Sum(s => s.Revenue),
            ["LastDeparture"] = stays.Max(s => s.Departure)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["EmailConsent"] = consents.GetValueOrDefault(ConsentChannel.Email)?.Granted,
            ["SmsConsent"] = consents.GetValueOrDefault(ConsentChannel.Sms)?.Granted,
            ["Surveys"] = linked.Count,
            ["LatestSurveyId"] = latest?.SurveyId,
            ["LatestSurveyAt"] = latest?.SubmittedAt,
            ["LatestNps"] = latest?.Nps,
            ["NpsCategory"] = latest?.NpsCategory,
            ["UpdatedAt"] = golden.UpdatedAt,
        };
        return profile;
    }

    private static void RemoveNulls(TableEntity entity)
    {
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
            entity.Remove(key);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// A guest's access request (portability): everything held about them, in one JSON document. The golden records
/// with their members (each source record as normalized, with what changed and what was rejected), consent history
/// and merge log; their profile and linked answers; every fact row that names them; the review pairs that involve
/// them; and the archived payloads' records that carry them.
/// </summary>
public sealed class GuestExport(GuestFinder finder, StorageServices storage, ContactProfiles profiles, MergeLog mergeLog,
    SourceRecordMap sources, DuplicateReviews reviews, PrivacyLog log, TimeProvider clock)
{
    public sealed record Result(JsonObject Document, IReadOnlyDictionary<string, int> Counts)
    {
        public bool Found => Counts.Values.Any(c => c > 0);
    }

    /// <summary>Builds the document and records the request in the audit log (counts only).</summary>
    public async Task<Result> ExportAsync(PrivacySubject subject, string? requestedBy, CancellationToken cancellationToken)
    {
        var requestedAt = clock.GetUtcNow();
        var result = await BuildAsync(subject, cancellationToken).ConfigureAwait(false);
        await log.WriteAsync(new PrivacyRecord
        {
            Id = PrivacyLog.NewId("ex", requestedAt),
            Kind = PrivacyLog.Export,
            Status = result.Found ? "completed" : "not-found",
            Scope = subject.Scope,
            RequestedAt = requestedAt,
            RequestedBy = requestedBy,
            CompletedAt = clock.GetUtcNow(),
            Counts = result.Counts,
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<Result> BuildAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var footprint = await finder.FindAsync(subject, cancellationToken).ConfigureAwait(false);
        var identity = footprint.Identity;
        var guestKeys = footprint.GuestKeys.ToHashSet(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);

        var goldens = new JsonArray();
        foreach (var golden in footprint.Goldens)
        {
            var profile = await profiles.GetProfileAsync(golden.ContactId, cancellationToken).ConfigureAwait(false);
            goldens.Add(new JsonObject
            {
                ["contactId"] = golden.ContactId,
                ["goldenRecord"] = JsonSerializer.SerializeToNode(golden, PipelineJson.Options),
                ["profile"] = profile is null ? null : RowJson.From(profile),
                ["linkedSurveys"] = JsonSerializer.SerializeToNode(await profiles.SurveysOfAsync(golden.ContactId, cancellationToken).ConfigureAwait(false), PipelineJson.Options),
                ["mergeLog"] = JsonSerializer.SerializeToNode(await mergeLog.ReadAsync(golden.ContactId, cancellationToken).ConfigureAwait(false), PipelineJson.Options),
            });
        }
        counts[TableNames.Contacts] = goldens.Count;

        var sourceMap = new JsonArray();
        foreach (var memberKey in identity.MemberKeys.Order(StringComparer.Ordinal))
            sourceMap.Add(new JsonObject
            {
                ["memberKey"] = memberKey,
                ["contactId"] = await sources.GetAsync(memberKey, cancellationToken).ConfigureAwait(false),
            });
        counts[TableNames.ContactSources] = sourceMap.Count;

        var found = await PersonalTables.FindAllAsync(storage, PersonalTables.Facts.Where(t => t.Name != TableNames.BarometerChanges), identity, guestKeys,
            whole: true, cancellationToken).ConfigureAwait(false);
        var facts = new JsonObject();
        foreach (var (shape, rows) in found)
        {
            facts[Camel(shape.Name)] = new JsonArray([.. rows.Select(r => (JsonNode)RowJson.From(r, withKeys: true))]);
            counts[shape.Name] = rows.Count;
        }

        var ids = identity.ContactIds.ToHashSet(StringComparer.Ordinal);
        var pairs = await reviews.InvolvingAsync(ids, cancellationToken).ConfigureAwait(false);
        counts[TableNames.DuplicateReview] = pairs.Count;

        var leads = ArchiveLeads.Of(guestKeys, found.SelectMany(f => f.Rows));
        var payloads = await new RawArchive(storage.GetBlobContainerClient(ContainerNames.Raw)).FindAsync(identity, leads, cancellationToken).ConfigureAwait(false);
        counts["raw"] = payloads.Count;

        var document = new JsonObject
        {
            ["generatedAt"] = clock.GetUtcNow(),
            ["subject"] = new JsonObject { ["email"] = subject.Email, ["phone"] = subject.Phone, ["contactId"] = subject.ContactId },
            ["contactIds"] = new JsonArray([.. ids.Order(StringComparer.Ordinal).Select(id => (JsonNode)id)]),
            ["goldenRecords"] = goldens,
            ["sourceRecords"] = sourceMap,
            ["surveys"] = facts["surveys"]?.DeepClone(),
            ["interactions"] = facts["interactions"]?.DeepClone(),
            ["campaignEvents"] = facts["campaignEvents"]?.DeepClone(),
            ["campaignInvitations"] = facts["campaignInvitations"]?.DeepClone(),
            ["stays"] = facts["stays"]?.DeepClone(),
            ["duplicateReviews"] = JsonSerializer.SerializeToNode(pairs, PipelineJson.Options),
            ["rawPayloads"] = new JsonArray([.. payloads.Select(p => (JsonNode)new JsonObject
            {
                ["blob"] = ContainerNames.Raw + "/" + p.Blob,
                ["kind"] = p.Kind,
                ["records"] = new JsonArray([.. p.Records.Select(r => r?.DeepClone())]),
            })]),
        };
        return new Result(document, counts);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Core.Privacy;
using CrmFunctions.Pipeline;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Privacy;

/// <summary>The guest a privacy request is about: every golden record that carries the named contact point (or the named id), and all it identifies them by.</summary>
public sealed record GuestFootprint(GuestIdentity Identity, IReadOnlyList<GoldenRecord> Goldens, IReadOnlyList<string> GuestKeys)
{
    /// <summary>Every blocking key a member of the guest's records was filed under.</summary>
    public IReadOnlyList<BlockingKey> BlockingKeys { get; } =
        [.. Goldens.SelectMany(g => g.Members).SelectMany(m => IncrementalMatcher.KeysFor(m.Contact)).Distinct()];
}

/// <summary>
/// Finds a guest from what a request names. An e-mail or phone is looked up in the match index as the pipeline files
/// it (so any form of it finds the guest), and every golden record holding it is the guest's: a shared address
/// that review never merged still belongs to each record that carries it. A contact point no golden record holds
/// (a campaign event or a call of someone who never became a contact) still identifies rows to find.
/// </summary>
public sealed class GuestFinder(GoldenRecordStore goldenRecords, TableMatchIndex index, IOptions<PipelineOptions> options, Suppressions suppressions, TimeProvider clock)
{
    public string? DefaultCountry => options.Value.DefaultCountry is { Length: > 0 } country ? country : null;

    /// <param name="knownIds">Golden records already known to be the guest's (a resumed erasure's).</param>
    public async Task<GuestFootprint> FindAsync(PrivacySubject subject, CancellationToken cancellationToken, IReadOnlyCollection<string>? knownIds = null)
    {
        var identity = new GuestIdentity(DefaultCountry);
        var goldens = new Dictionary<string, GoldenRecord>(StringComparer.Ordinal);
        if (subject.ContactId is { } contactId)
        {
            if (await goldenRecords.FindLiveAsync(contactId, cancellationToken).ConfigureAwait(false) is { Record: { } record })
                goldens[record.ContactId] = record;
        }
        else
        {
            identity.AddEmail(subject.Email);
            identity.AddPhone(subject.Phone);
            var contact = new ContactNormalizer(new NormalizationOptions { DefaultCountry = DefaultCountry, Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) })
                .Normalize(new ContactInput { Emails = subject.Email is null ? null : [subject.Email], Phones = subject.Phone is null ? null : [subject.Phone] });
            var keys = IncrementalMatcher.KeysFor(contact);
            var ids = TableMatchIndex.Candidates(await index.ReadAsync(keys, cancellationToken).ConfigureAwait(false));
            foreach (var record in await goldenRecords.GetAsync(ids, cancellationToken).ConfigureAwait(false))
                if (Holds(record, contact))
                    goldens[record.ContactId] = record;
        }
        if (knownIds is { Count: > 0 })
            foreach (var record in await goldenRecords.GetAsync(knownIds, cancellationToken).ConfigureAwait(false))
                goldens.TryAdd(record.ContactId, record);
        foreach (var record in goldens.Values)
            identity.Add(record);
        return new GuestFootprint(identity, [.. goldens.Values], suppressions.KeysOf(identity));
    }

    private static bool Holds(GoldenRecord record, NormalizedContact named) =>
        record.Members.Any(m => m.Contact.Emails.Any(e => named.Emails.Any(n => n.MatchKey == e.MatchKey))
            || m.Contact.Phones.Any(p => named.Phones.Any(n => n.E164 == p.E164))
            || named.Keys.Phones.Intersect(m.Contact.Keys.Phones, StringComparer.Ordinal).Any());
}

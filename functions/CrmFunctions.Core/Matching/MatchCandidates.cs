using System.Collections;
using System.Diagnostics.CodeAnalysis;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Matching;

/// <summary>One source record of a golden record as the matcher reads it: where it came from and its match profile.</summary>
public sealed class ProfiledMember(ContactOrigin origin, MatchProfile profile)
{
    /// <summary>A replay of this record is recognised by its origin, whatever the scores say.</summary>
    public ContactOrigin Origin { get; } = origin;
    public MatchProfile Profile { get; } = profile;
    /// <summary>The member key a golden record gives it (<see cref="GoldenMember.Key"/>).</summary>
    public string Key => Origin.Source + "/" + Origin.SourceRecordId;

    /// <summary>Members in the order survivorship keeps them: first received first, then by key.</summary>
    public static int Compare(ProfiledMember a, ProfiledMember b)
    {
        var order = a.Origin.ReceivedAt.CompareTo(b.Origin.ReceivedAt);
        return order != 0 ? order : string.CompareOrdinal(a.Key, b.Key);
    }
}

/// <summary>
/// A golden record as the matcher reads it: its id and the profiles of its members, in the order of
/// <see cref="GoldenRecord.Members"/> (when members tie, the first scored is the one that counts).
/// </summary>
public sealed class MatchCandidate(string contactId, ProfiledMember[] members)
{
    private readonly ProfiledMember[] members = members;

    public string ContactId { get; } = contactId;
    public IReadOnlyList<ProfiledMember> Members => members;

    /// <summary>The profiles of a stored golden record, derived from its members' normalized records.</summary>
    public static MatchCandidate Of(GoldenRecord golden)
    {
        var members = new ProfiledMember[golden.Members.Count];
        for (var i = 0; i < members.Length; i++)
        {
            var member = golden.Members[i];
            members[i] = new ProfiledMember(member.Origin, MatchProfile.From(member.Contact));
        }
        return new MatchCandidate(golden.ContactId, members);
    }

    /// <summary>
    /// This golden record with <paramref name="member"/> added, or replacing an earlier version of the same source
    /// record, members kept in survivorship order (as <see cref="Survivorship.Merge"/> keeps them).
    /// </summary>
    public MatchCandidate With(ProfiledMember member)
    {
        var key = member.Key;
        var kept = 0;
        var next = new ProfiledMember[members.Length + 1];
        foreach (var existing in members)
            if (existing.Key != key) next[kept++] = existing;
        next[kept++] = member;
        if (kept < next.Length) Array.Resize(ref next, kept);
        Array.Sort(next, ProfiledMember.Compare);
        return new MatchCandidate(ContactId, next);
    }

    /// <summary>This golden record without the member of <paramref name="source"/>/<paramref name="sourceRecordId"/>; null when nothing is left.</summary>
    public MatchCandidate? Without(string source, string sourceRecordId)
    {
        var next = Array.FindAll(members, m => m.Origin.Source != source || m.Origin.SourceRecordId != sourceRecordId);
        return next.Length == 0 ? null : next.Length == members.Length ? this : new MatchCandidate(ContactId, next);
    }
}

/// <summary>What the matcher reads of the golden records its candidates name.</summary>
public interface ICandidateLookup
{
    /// <summary>The golden records of <paramref name="contactIds"/> that exist; ids merged away or unknown are left out.</summary>
    Task<IReadOnlyList<MatchCandidate>> GetCandidatesAsync(IReadOnlyCollection<string> contactIds, CancellationToken cancellationToken);
}

/// <summary>Candidates read from stored golden records (Table Storage): each member's profile is derived from its normalized record.</summary>
public sealed class GoldenRecordCandidates(IGoldenRecordLookup goldenRecords) : ICandidateLookup
{
    public async Task<IReadOnlyList<MatchCandidate>> GetCandidatesAsync(IReadOnlyCollection<string> contactIds, CancellationToken cancellationToken)
    {
        var found = await goldenRecords.GetAsync(contactIds, cancellationToken).ConfigureAwait(false);
        var candidates = new MatchCandidate[found.Count];
        for (var i = 0; i < candidates.Length; i++) candidates[i] = MatchCandidate.Of(found[i]);
        return candidates;
    }
}

/// <summary>
/// Golden records held in memory as the matcher needs them and nothing more: per golden record its id and its
/// members' match profiles, each derived once when the member joins. The survivorship view (surviving fields,
/// provenance, consents) and the members' display fields are not kept: nothing in matching reads them. Values
/// many guests share (given names, postcodes, towns, countries, sources) are held once; a record's single
/// identifier is held without a dictionary. Thread-safe.
/// </summary>
public sealed class InMemoryCandidateStore : ICandidateLookup
{
    private static readonly IReadOnlyDictionary<string, string> NoIds = new Dictionary<string, string>(0);
    private readonly Dictionary<string, MatchCandidate> records = new(StringComparer.Ordinal);
    // Shared values are few (names, postcodes, towns): each distinct one stays once for the store's life.
    private readonly Dictionary<string, string> shared = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public int Count
    {
        get { lock (gate) return records.Count; }
    }

    public Task<IReadOnlyList<MatchCandidate>> GetCandidatesAsync(IReadOnlyCollection<string> contactIds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var found = new List<MatchCandidate>(contactIds.Count);
            foreach (var id in contactIds)
                if (records.TryGetValue(id, out var record)) found.Add(record);
            return Task.FromResult<IReadOnlyList<MatchCandidate>>(found);
        }
    }

    public MatchCandidate? Get(string contactId)
    {
        lock (gate) return records.GetValueOrDefault(contactId);
    }

    public void Put(MatchCandidate record)
    {
        lock (gate) records[record.ContactId] = record;
    }

    public void Remove(string contactId)
    {
        lock (gate) records.Remove(contactId);
    }

    public IReadOnlyList<MatchCandidate> All()
    {
        lock (gate) return [.. records.Values];
    }

    /// <summary>The contact as a member: its origin and its match profile, held compactly.</summary>
    public ProfiledMember Member(NormalizedContact contact)
    {
        var origin = contact.Origin ?? throw new ArgumentException("A contact needs its origin to join a golden record.", nameof(contact));
        var keys = contact.Keys;
        lock (gate)
        {
            var source = Shared(origin.Source);
            return new ProfiledMember(
                ReferenceEquals(source, origin.Source) ? origin : origin with { Source = source },
                new MatchProfile
                {
                    GivenName = Shared(keys.GivenName),
                    FamilyName = Shared(keys.FamilyName),
                    BirthDate = contact.BirthDate,
                    Emails = Compact(keys.Emails),
                    Phones = Compact(keys.Phones),
                    ExternalIds = CompactIds(contact.ExternalIds),
                    Postcode = Shared(keys.Postcode),
                    Street = keys.Street,
                    City = Shared(keys.City),
                    Country = contact.Country is { } country ? Shared(country) : null,
                });
        }
    }

    private string Shared(string value)
    {
        if (value.Length == 0) return string.Empty;
        if (shared.TryGetValue(value, out var one)) return one;
        shared[value] = value;
        return value;
    }

    private static IReadOnlyList<string> Compact(IReadOnlyList<string> values)
    {
        if (values.Count == 0) return [];
        var array = new string[values.Count];
        for (var i = 0; i < array.Length; i++) array[i] = values[i];
        return array;
    }

    private IReadOnlyDictionary<string, string> CompactIds(IReadOnlyDictionary<string, string> ids)
    {
        if (ids.Count == 0) return NoIds;
        if (ids.Count == 1)
        {
            foreach (var (source, id) in ids) return new OneId(Shared(source), id);
        }
        // Enumerated in the order given, as the comparator and the blocking keys read it.
        var compact = new Dictionary<string, string>(ids.Count, StringComparer.Ordinal);
        foreach (var (source, id) in ids) compact[Shared(source)] = id;
        return compact;
    }

    /// <summary>One source's identifier as a map: most records with identifiers have one, and a dictionary for it weighs several times more.</summary>
    private sealed class OneId(string source, string id) : IReadOnlyDictionary<string, string>
    {
        public string this[string key] => key == source ? id : throw new KeyNotFoundException(key);
        public IEnumerable<string> Keys => [source];
        public IEnumerable<string> Values => [id];
        public int Count => 1;
        public bool ContainsKey(string key) => key == source;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
        {
            value = key == source ? id : null;
            return value is not null;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            yield return new KeyValuePair<string, string>(source, id);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// Applies decisions to an <see cref="InMemoryCandidateStore"/> and index, as <see cref="InMemoryDeduplicator"/>
/// does, for evaluation and backfills that need the clusters and not the golden record view: the decisions are
/// the same, survivorship is not computed, and memory holds only what matching reads.
/// </summary>
public sealed class CompactDeduplicator(IncrementalMatcher matcher, InMemoryCandidateStore store)
{
    /// <returns>The decision and the golden record the contact now belongs to.</returns>
    public async Task<(MatchDecision Decision, MatchCandidate Golden)> AddAsync(NormalizedContact contact, CancellationToken cancellationToken)
    {
        var decision = await matcher.DecideAsync(contact, cancellationToken).ConfigureAwait(false);
        var member = store.Member(contact);
        MatchCandidate golden;
        if (decision is { Outcome: MatchOutcome.Merge, TargetId: { } target } && store.Get(target) is { } existing)
        {
            golden = existing.With(member);
            foreach (var otherId in decision.AlsoMergeIds)
            {
                if (store.Get(otherId) is not { } other) continue;
                foreach (var joining in other.Members)
                {
                    golden = golden.With(joining);
                    await matcher.UnregisterAsync(other.ContactId, joining.Profile, cancellationToken).ConfigureAwait(false);
                    await matcher.RegisterAsync(golden.ContactId, joining.Profile, cancellationToken).ConfigureAwait(false);
                }
                store.Remove(other.ContactId);
            }
        }
        else
        {
            golden = new MatchCandidate(ContactIds.For(member.Origin), [member]);
        }
        store.Put(golden);
        await matcher.RegisterAsync(golden.ContactId, decision, cancellationToken).ConfigureAwait(false);
        return (decision, golden);
    }
}

using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Matching;

public enum SurvivorshipRule
{
    /// <summary>The most trusted source that has a value; among equals, the most recent.</summary>
    MostTrustedThenRecent,
    /// <summary>The most recent record that has a value (a guest who moved, a new name after marriage).</summary>
    MostRecent,
    /// <summary>The fullest value (more parts filled, longer text); among equals, the most recent.</summary>
    MostComplete,
}

public sealed record SurvivorshipOptions
{
    /// <summary>Sources from most to least trusted; sources not listed come after all listed ones.</summary>
    public IReadOnlyList<string> SourceTrustOrder { get; init; } = ["pms", "booking-engine", "loyalty", "web-form", "survey"];
    public SurvivorshipRule DefaultRule { get; init; } = SurvivorshipRule.MostTrustedThenRecent;
    /// <summary>Per-field overrides: "name", "birthDate", "address", "country", "language", "externalIds".</summary>
    public IReadOnlyDictionary<string, SurvivorshipRule> FieldRules { get; init; } = new Dictionary<string, SurvivorshipRule>
    {
        ["address"] = SurvivorshipRule.MostRecent,
        ["language"] = SurvivorshipRule.MostRecent,
    };
}

/// <summary>
/// Builds a golden record from its members. The result depends only on the set of members, so merging
/// the same source record again, or in another order, changes nothing.
/// </summary>
public sealed class Survivorship(SurvivorshipOptions? options = null)
{
    public SurvivorshipOptions Options { get; } = options ?? new SurvivorshipOptions();

    public GoldenRecord Create(string contactId, NormalizedContact contact) =>
        Build(contactId, [Member(contact)]);

    /// <summary>Adds a source record (or replaces an earlier version of the same record) and recomputes the surviving fields.</summary>
    public GoldenRecord Merge(GoldenRecord golden, NormalizedContact contact)
    {
        var member = Member(contact);
        var members = golden.Members.Where(m => m.Key != member.Key).Append(member).ToList();
        return Build(golden.ContactId, members);
    }

    /// <summary>Takes a source record out (un-merge); null when nothing is left.</summary>
    public GoldenRecord? Remove(GoldenRecord golden, string source, string sourceRecordId)
    {
        var members = golden.Members.Where(m => m.Origin.Source != source || m.Origin.SourceRecordId != sourceRecordId).ToList();
        return members.Count == 0 ? null : Build(golden.ContactId, members);
    }

    private static GoldenMember Member(NormalizedContact contact) =>
        new(contact.Origin ?? throw new ArgumentException("A contact needs its origin to join a golden record.", nameof(contact)), contact);

    private GoldenRecord Build(string contactId, IReadOnlyList<GoldenMember> unordered)
    {
        var members = unordered.OrderBy(m => m.Origin.ReceivedAt).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
        var provenance = new Dictionary<string, string>(StringComparer.Ordinal);

        T? Pick<T>(string field, Func<NormalizedContact, T?> value, Func<T, int> completeness) where T : class
        {
            var chosen = Choose(field, members, m => value(m.Contact) is { } v ? completeness(v) : -1);
            if (chosen is null) return null;
            provenance[field] = chosen.Key;
            return value(chosen.Contact);
        }

        var name = Pick("name", c => c.Name.GivenName is null && c.Name.FamilyName is null ? null : c.Name,
            n => (n.GivenName is null ? 0 : 1000 + n.GivenName.Length) + (n.FamilyName is null ? 0 : 1000 + n.FamilyName.Length) + (n.Title is null ? 0 : 1));
        var address = Pick("address", c => c.Address, a => new[] { a.Street, a.Street2, a.PostalCode, a.City, a.Region, a.Country }.Count(x => x is not null));
        var country = Pick("country", c => c.Country, _ => 1);
        var language = Pick("language", c => c.Language, l => l.Length);
        var birthDate = Pick("birthDate", c => c.BirthDate is { } d ? new Boxed<DateOnly>(d) : null, _ => 1)?.Value;

        var externalIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in members.SelectMany(m => m.Contact.ExternalIds.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var chosen = Choose("externalIds", members, m => m.Contact.ExternalIds.ContainsKey(source) ? 1 : -1);
            if (chosen is not null) externalIds[source] = chosen.Contact.ExternalIds[source];
        }

        return new GoldenRecord
        {
            ContactId = contactId,
            Members = members,
            Name = name,
            Address = address,
            Country = country,
            Language = language,
            BirthDate = birthDate,
            Emails = Collect(members, c => c.Emails, e => e.MatchKey),
            Phones = Collect(members, c => c.Phones, p => p.E164),
            ExternalIds = externalIds,
            Consents = ConsentLedger.Append([], members.SelectMany(m => m.Contact.Consents)),
            Provenance = provenance,
            UpdatedAt = members.Max(m => m.Origin.ReceivedAt),
        };
    }

    private sealed record Boxed<T>(T Value);

    /// <summary>The member whose value survives for <paramref name="field"/>; completeness below zero means no value.</summary>
    private GoldenMember? Choose(string field, IReadOnlyList<GoldenMember> members, Func<GoldenMember, int> completeness)
    {
        var rule = Options.FieldRules.TryGetValue(field, out var r) ? r : Options.DefaultRule;
        // One pass for the first in rule order (called for every field of every arrival, so no sorting).
        GoldenMember? best = null;
        var bestCompleteness = -1;
        var bestRank = 0;
        foreach (var member in members)
        {
            var c = completeness(member);
            if (c < 0) continue;
            var rank = rule == SurvivorshipRule.MostTrustedThenRecent ? TrustRank(member.Origin.Source) : 0;
            if (best is null || Precedes(rule, member, c, rank, best, bestCompleteness, bestRank))
                (best, bestCompleteness, bestRank) = (member, c, rank);
        }
        return best;
    }

    // Ties end on completeness, then on the member key, so the choice never depends on arrival order.
    private static bool Precedes(SurvivorshipRule rule, GoldenMember a, int aCompleteness, int aRank, GoldenMember b, int bCompleteness, int bRank)
    {
        int order;
        switch (rule)
        {
            case SurvivorshipRule.MostRecent:
                order = b.Origin.ReceivedAt.CompareTo(a.Origin.ReceivedAt);
                break;
            case SurvivorshipRule.MostComplete:
                order = bCompleteness.CompareTo(aCompleteness);
                if (order == 0) order = b.Origin.ReceivedAt.CompareTo(a.Origin.ReceivedAt);
                break;
            default:
                order = aRank.CompareTo(bRank);
                if (order == 0) order = b.Origin.ReceivedAt.CompareTo(a.Origin.ReceivedAt);
                break;
        }
        if (order == 0) order = bCompleteness.CompareTo(aCompleteness);
        if (order == 0) order = string.CompareOrdinal(a.Key, b.Key);
        return order < 0;
    }

    private int TrustRank(string source)
    {
        for (var i = 0; i < Options.SourceTrustOrder.Count; i++)
            if (string.Equals(Options.SourceTrustOrder[i], source, StringComparison.OrdinalIgnoreCase)) return i;
        return Options.SourceTrustOrder.Count;
    }

    private static IReadOnlyList<SourcedValue<T>> Collect<T>(IReadOnlyList<GoldenMember> members, Func<NormalizedContact, IReadOnlyList<T>> values, Func<T, string> key)
    {
        // Per value key: the latest member's value (ties on the member key), every source, the last time seen.
        var groups = new Dictionary<string, (T Value, GoldenMember Latest, SortedSet<string> Sources, DateTimeOffset LastSeen)>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            foreach (var value in values(member.Contact))
            {
                var k = key(value);
                if (!groups.TryGetValue(k, out var group))
                {
                    groups[k] = (value, member, new SortedSet<string>(StringComparer.Ordinal) { member.Origin.Source }, member.Origin.ReceivedAt);
                    continue;
                }
                group.Sources.Add(member.Origin.Source);
                var later = member.Origin.ReceivedAt.CompareTo(group.Latest.Origin.ReceivedAt);
                if (later > 0 || later == 0 && string.CompareOrdinal(member.Key, group.Latest.Key) < 0) (group.Value, group.Latest) = (value, member);
                if (member.Origin.ReceivedAt > group.LastSeen) group.LastSeen = member.Origin.ReceivedAt;
                groups[k] = group;
            }
        }
        var collected = new List<(string Key, SourcedValue<T> Value)>(groups.Count);
        foreach (var (k, g) in groups) collected.Add((k, new SourcedValue<T>(g.Value, g.Sources.ToList(), g.LastSeen)));
        collected.Sort((a, b) => b.Value.LastSeen.CompareTo(a.Value.LastSeen) is var c and not 0 ? c : string.CompareOrdinal(a.Key, b.Key));
        return collected.ConvertAll(x => x.Value);
    }
}

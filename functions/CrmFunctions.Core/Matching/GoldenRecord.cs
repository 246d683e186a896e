using System.Security.Cryptography;
using System.Text;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Matching;

/// <summary>One source record that joined a golden record, kept whole so survivorship can be recomputed and undone.</summary>
public sealed record GoldenMember(ContactOrigin Origin, NormalizedContact Contact)
{
    public string Key => Origin.Source + "/" + Origin.SourceRecordId;
}

/// <summary>A value with every source that supplied it and when it was last seen.</summary>
public sealed record SourcedValue<T>(T Value, IReadOnlyList<string> Sources, DateTimeOffset LastSeen);

/// <summary>The single view of one guest, built from all the source records that were matched together.</summary>
public sealed record GoldenRecord
{
    /// <summary>Stable: given when the record is created and kept whatever joins it later.</summary>
    public required string ContactId { get; init; }
    public required IReadOnlyList<GoldenMember> Members { get; init; }
    public PersonName? Name { get; init; }
    public NormalizedAddress? Address { get; init; }
    public string? Country { get; init; }
    public string? Language { get; init; }
    public DateOnly? BirthDate { get; init; }
    public IReadOnlyList<SourcedValue<NormalizedEmail>> Emails { get; init; } = [];
    public IReadOnlyList<SourcedValue<NormalizedPhone>> Phones { get; init; } = [];
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
    /// <summary>Full consent history of all members, oldest first.</summary>
    public IReadOnlyList<ConsentRecord> Consents { get; init; } = [];
    /// <summary>Which member each surviving field came from (field → member key).</summary>
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset UpdatedAt { get; init; }

    public IEnumerable<MatchProfile> Profiles() => Members.Select(m => MatchProfile.From(m.Contact));
}

/// <summary>Golden record ids derived from the first source record, so replaying an ingestion yields the same id.</summary>
public static class ContactIds
{
    public static string For(ContactOrigin origin)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(origin.Source + "\n" + origin.SourceRecordId));
        return "ct-" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }
}

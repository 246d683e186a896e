using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Matching;

/// <summary>The folded fields of one source record that the comparators read.</summary>
public sealed record MatchProfile
{
    public string GivenName { get; init; } = string.Empty;
    public string FamilyName { get; init; } = string.Empty;
    public DateOnly? BirthDate { get; init; }
    public IReadOnlyList<string> Emails { get; init; } = [];
    public IReadOnlyList<string> Phones { get; init; } = [];
    /// <summary>Identifier per source system.</summary>
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
    public string Postcode { get; init; } = string.Empty;
    public string Street { get; init; } = string.Empty;
    public string City { get; init; } = string.Empty;
    public string? Country { get; init; }

    public static MatchProfile From(NormalizedContact contact) => new()
    {
        GivenName = contact.Keys.GivenName,
        FamilyName = contact.Keys.FamilyName,
        BirthDate = contact.BirthDate,
        Emails = contact.Keys.Emails,
        Phones = contact.Keys.Phones,
        ExternalIds = contact.ExternalIds,
        Postcode = contact.Keys.Postcode,
        Street = contact.Keys.Street,
        City = contact.Keys.City,
        Country = contact.Country,
    };
}

using CrmFunctions.Core.Contacts;

namespace CrmFunctions.Core.Normalization;

public sealed record NormalizedAddress(string? Street, string? Street2, string? PostalCode, string? City, string? Region, string? Country);

/// <summary>Folded forms the matcher compares and blocks on; never displayed.</summary>
public sealed record MatchKeys
{
    public string GivenName { get; init; } = string.Empty;
    public string FamilyName { get; init; } = string.Empty;
    /// <summary>Keys of personal addresses only: shared, disposable and placeholder addresses would join strangers.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];
    public IReadOnlyList<string> Phones { get; init; } = [];
    public string Postcode { get; init; } = string.Empty;
    public string City { get; init; } = string.Empty;
    public string Street { get; init; } = string.Empty;
}

[Flags]
public enum ContactFlags
{
    None = 0,
    DisposableEmail = 1,
    RoleEmail = 2,
    PlaceholderEmail = 4,
    NamesSwapped = 8,
    /// <summary>Neither a usable e-mail nor a valid phone: the guest cannot be reached.</summary>
    Unreachable = 16,
    /// <summary>Given or family name missing.</summary>
    IncompleteName = 32,
}

/// <summary>A contact after normalization: display fields, matching keys, flags, what was rejected and what was changed.</summary>
public sealed record NormalizedContact
{
    public ContactOrigin? Origin { get; init; }
    public PersonName Name { get; init; } = new(null, null, null, string.Empty, string.Empty);
    public IReadOnlyList<NormalizedEmail> Emails { get; init; } = [];
    public IReadOnlyList<NormalizedPhone> Phones { get; init; } = [];
    public NormalizedAddress? Address { get; init; }
    public string? Country { get; init; }
    public string? Language { get; init; }
    public DateOnly? BirthDate { get; init; }
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<ConsentRecord> Consents { get; init; } = [];
    public StayInput? Stay { get; init; }
    public MatchKeys Keys { get; init; } = new();
    public ContactFlags Flags { get; init; }
    public IReadOnlyList<RejectedValue> Rejected { get; init; } = [];
    public IReadOnlyList<NormalizationChange> Changes { get; init; } = [];
}

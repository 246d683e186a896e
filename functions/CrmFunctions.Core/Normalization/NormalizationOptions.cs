namespace CrmFunctions.Core.Normalization;

public sealed record NormalizationOptions
{
    /// <summary>The property's country (ISO alpha-2): used for phone numbers and postcodes when the contact gives none.</summary>
    public string? DefaultCountry { get; init; }

    /// <summary>The day the contact is processed; birth dates after it are rejected. Passed in, never read from a clock.</summary>
    public required DateOnly Today { get; init; }

    public DateOnly EarliestBirthDate { get; init; } = new(1900, 1, 1);
    public NameLexicon Names { get; init; } = NameLexicon.Default;
    public EmailLexicon Emails { get; init; } = EmailLexicon.Default;
}

/// <summary>Where a contact came from: the golden record keeps it per field for survivorship and audit.</summary>
public sealed record ContactOrigin(string Source, string SourceRecordId, DateTimeOffset ReceivedAt);

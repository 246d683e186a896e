namespace CrmFunctions.Core.Contacts;

/// <summary>A guest contact as a hotel system sends it (PMS export, booking engine, web form).</summary>
public sealed record ContactInput
{
    /// <summary>Honorific as sent ("Mme", "Mr", "Dr"); normalization may also split it out of the names.</summary>
    public string? Title { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public IReadOnlyList<string>? Emails { get; init; }
    public IReadOnlyList<string>? Phones { get; init; }
    public PostalAddress? Address { get; init; }
    /// <summary>Country of residence: ISO 3166-1 alpha-2 or a country name.</summary>
    public string? Country { get; init; }
    /// <summary>Preferred language, BCP 47 ("fr", "en-GB").</summary>
    public string? Language { get; init; }
    public DateOnly? BirthDate { get; init; }
    /// <summary>Identifiers per source system, e.g. { "pms": "G-1042", "loyalty": "LY77" }.</summary>
    public IReadOnlyDictionary<string, string>? ExternalIds { get; init; }
    public IReadOnlyList<ConsentInput>? Consents { get; init; }
    public StayInput? Stay { get; init; }
}

public sealed record PostalAddress
{
    public string? Street { get; init; }
    public string? Street2 { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? Country { get; init; }
}

public sealed record ConsentInput
{
    /// <summary>"email" or "sms".</summary>
    public string? Channel { get; init; }
    public bool? Granted { get; init; }
    public DateTimeOffset? At { get; init; }
    /// <summary>Where the consent was collected ("booking-engine", "desk", "web-form").</summary>
    public string? Source { get; init; }
    /// <summary>The version of the wording the guest was shown ("newsletter-2026-03").</summary>
    public string? WordingVersion { get; init; }
    /// <summary>The form that collected it ("footer-signup").</summary>
    public string? FormId { get; init; }
    public ConsentEvidenceInput? Evidence { get; init; }
}

/// <summary>What the sender recorded of the consent act, where it has it.</summary>
public sealed record ConsentEvidenceInput
{
    /// <summary>The guest's IP address when the form was sent (IPv4 or IPv6).</summary>
    public string? Ip { get; init; }
    /// <summary>The id of the message that carried the statement (an e-mail, an SMS reply).</summary>
    public string? MessageId { get; init; }
}

public sealed record StayInput
{
    public string? PropertyId { get; init; }
    public string? ReservationId { get; init; }
    public DateOnly? Arrival { get; init; }
    public DateOnly? Departure { get; init; }
    public int? RoomNights { get; init; }
    public decimal? Revenue { get; init; }
    /// <summary>ISO 4217 ("EUR").</summary>
    public string? Currency { get; init; }
    /// <summary>Market segment of the reservation as the PMS codes it ("leisure", "business", "group"); the barometers' segment.</summary>
    public string? Segment { get; init; }
}

/// <summary>What travels on contacts-normalize: one contact of one accepted ingestion.</summary>
public sealed record ContactEnvelope
{
    public required string IngestionId { get; init; }
    public required int Index { get; init; }
    /// <summary>The sending system ("pms", "booking-engine", "web-form", "survey").</summary>
    public required string Source { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required ContactInput Contact { get; init; }
    /// <summary>Set when the contact is a survey's respondent: the pipeline links the answer to the guest's golden record.</summary>
    public SurveyRef? Survey { get; init; }
}

/// <summary>Where a stored survey answer is: its row in table Surveys.</summary>
public sealed record SurveyRef(string SurveyId, string Partition);

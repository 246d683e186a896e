using System.Text.RegularExpressions;
using CrmFunctions.Core.Contacts;

namespace CrmFunctions.Core.Intake;

/// <summary>
/// Rejects what cannot be a usable contact at the door. Deeper cleaning (E.164, casing, country names)
/// happens in the pipeline, which records what it changed; here we only refuse input it could not fix.
/// </summary>
public static partial class ContactValidator
{
    public static readonly IReadOnlySet<string> ConsentChannels = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "email", "sms", "phone", "post" };

    /// <summary>Most e-mails, phones, consents or external ids one contact may carry: it keeps its queue message small.</summary>
    public const int MaxEntries = 20;

    /// <summary>Ten years: the longest residence stay we expect.</summary>
    public const int MaxRoomNights = 3650;

    /// <summary>Longest wording version, form id or evidence message id kept with a consent.</summary>
    public const int MaxConsentProofLength = 200;

    public static void Validate(ContactInput? contact, string path, DateTimeOffset now, ValidationErrors errors)
    {
        if (contact is null)
        {
            errors.Add(path.Length == 0 ? "$" : path, "a contact object is required.");
            return;
        }
        var hasIdentity = !string.IsNullOrWhiteSpace(contact.FamilyName)
            || contact.Emails?.Any(e => !string.IsNullOrWhiteSpace(e)) == true
            || contact.Phones?.Any(p => !string.IsNullOrWhiteSpace(p)) == true
            || contact.ExternalIds?.Count > 0;
        if (!hasIdentity)
            errors.Add(path.Length == 0 ? "$" : path, "needs at least one of familyName, emails, phones or externalIds.");

        errors.MaxLength(FieldPath.Join(path, "title"), contact.Title, 20);
        errors.MaxLength(FieldPath.Join(path, "givenName"), contact.GivenName, 100);
        errors.MaxLength(FieldPath.Join(path, "familyName"), contact.FamilyName, 100);
        errors.MaxLength(FieldPath.Join(path, "language"), contact.Language, 35);
        errors.MaxLength(FieldPath.Join(path, "country"), contact.Country, 60);
        ValidateList(contact.Emails, FieldPath.Join(path, "emails"), errors, ValidateEmail);
        ValidateList(contact.Phones, FieldPath.Join(path, "phones"), errors, ValidatePhone);
        ValidateBirthDate(contact.BirthDate, FieldPath.Join(path, "birthDate"), DateOnly.FromDateTime(now.UtcDateTime), errors);
        ValidateAddress(contact.Address, FieldPath.Join(path, "address"), errors);
        ValidateExternalIds(contact.ExternalIds, FieldPath.Join(path, "externalIds"), errors);
        ValidateList(contact.Consents, FieldPath.Join(path, "consents"), errors, (consent, field, e) => ValidateConsent(consent, field, now, e));
        ValidateStay(contact.Stay, FieldPath.Join(path, "stay"), errors);
    }

    public static void ValidateEmail(string? email, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(email))
            errors.Add(field, "must not be empty.");
        else if (email.Length > 254)
            errors.Add(field, "must be at most 254 characters.");
        else if (!EmailShape().IsMatch(email.Trim()))
            errors.Add(field, "is not an e-mail address (expected name@domain.tld).");
    }

    public static void ValidatePhone(string? phone, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            errors.Add(field, "must not be empty.");
            return;
        }
        if (!PhoneCharacters().IsMatch(phone))
        {
            errors.Add(field, "may contain only digits, spaces, '+', '(', ')', '.', '/' and '-'.");
            return;
        }
        var digits = phone.Count(char.IsAsciiDigit);
        if (digits is < 6 or > 17)
            errors.Add(field, "must have between 6 and 17 digits.");
    }

    public static void ValidateBirthDate(DateOnly? birthDate, string field, DateOnly today, ValidationErrors errors)
    {
        if (birthDate is not { } date)
            return;
        if (date > today)
            errors.Add(field, "must not be in the future.");
        else if (date.Year < 1900)
            errors.Add(field, "must not be before 1900.");
    }

    private static void ValidateAddress(PostalAddress? address, string path, ValidationErrors errors)
    {
        if (address is null)
            return;
        errors.MaxLength(FieldPath.Join(path, "street"), address.Street, 200);
        errors.MaxLength(FieldPath.Join(path, "street2"), address.Street2, 200);
        errors.MaxLength(FieldPath.Join(path, "postalCode"), address.PostalCode, 20);
        errors.MaxLength(FieldPath.Join(path, "city"), address.City, 100);
        errors.MaxLength(FieldPath.Join(path, "region"), address.Region, 100);
        errors.MaxLength(FieldPath.Join(path, "country"), address.Country, 60);
    }

    public static void ValidateExternalIds(IReadOnlyDictionary<string, string>? ids, string path, ValidationErrors errors)
    {
        if (ids is null)
            return;
        if (ids.Count > MaxEntries)
        {
            errors.Add(path, $"must hold at most {MaxEntries} entries.");
            return;
        }
        foreach (var (system, id) in ids)
        {
            var field = FieldPath.Join(path, system);
            if (!SystemName().IsMatch(system))
                errors.Add(field, "the source system name must be 1-40 letters, digits, '-' or '_'.");
            if (string.IsNullOrWhiteSpace(id))
                errors.Add(field, "must not be empty.");
            else
                errors.MaxLength(field, id, 128);
        }
    }

    private static void ValidateConsent(ConsentInput? consent, string path, DateTimeOffset now, ValidationErrors errors)
    {
        if (consent is null)
        {
            errors.Add(path, "must be an object.");
            return;
        }
        if (string.IsNullOrWhiteSpace(consent.Channel))
            errors.Add(FieldPath.Join(path, "channel"), "is required.");
        else if (!ConsentChannels.Contains(consent.Channel))
            errors.Add(FieldPath.Join(path, "channel"), $"must be one of {string.Join(", ", ConsentChannels)}.");
        if (consent.Granted is null)
            errors.Add(FieldPath.Join(path, "granted"), "is required (true or false).");
        if (consent.At is null)
            errors.Add(FieldPath.Join(path, "at"), "is required: when the guest gave or withdrew consent.");
        // Not in the future: the latest statement decides, so a grant dated ahead would outlast every later withdrawal.
        IntakeChecks.Happened(errors, FieldPath.Join(path, "at"), consent.At, now, required: false);
        errors.MaxLength(FieldPath.Join(path, "source"), consent.Source, 60);
        errors.MaxLength(FieldPath.Join(path, "wordingVersion"), consent.WordingVersion, MaxConsentProofLength);
        errors.MaxLength(FieldPath.Join(path, "formId"), consent.FormId, MaxConsentProofLength);
        ValidateEvidence(consent.Evidence, FieldPath.Join(path, "evidence"), errors);
    }

    private static void ValidateEvidence(ConsentEvidenceInput? evidence, string path, ValidationErrors errors)
    {
        if (evidence is null)
            return;
        IntakeChecks.IpAddress(errors, FieldPath.Join(path, "ip"), evidence.Ip);
        errors.MaxLength(FieldPath.Join(path, "messageId"), evidence.MessageId, MaxConsentProofLength);
    }

    private static void ValidateStay(StayInput? stay, string path, ValidationErrors errors)
    {
        if (stay is null)
            return;
        if (string.IsNullOrWhiteSpace(stay.PropertyId))
            errors.Add(FieldPath.Join(path, "propertyId"), "is required when a stay is given.");
        else
            errors.MaxLength(FieldPath.Join(path, "propertyId"), stay.PropertyId, 60);
        IntakeChecks.Supported(errors, FieldPath.Join(path, "arrival"), stay.Arrival);
        IntakeChecks.Supported(errors, FieldPath.Join(path, "departure"), stay.Departure);
        if (stay is { Arrival: { } arrival, Departure: { } departure } && departure < arrival)
            errors.Add(FieldPath.Join(path, "departure"), "must not be before arrival.");
        // Bounded so that arrival + room nights, the stay's last day when no departure is given, is a real day.
        if (stay.RoomNights is < 0 or > MaxRoomNights)
            errors.Add(FieldPath.Join(path, "roomNights"), $"must be from 0 to {MaxRoomNights}.");
        if (stay.Revenue is < 0)
            errors.Add(FieldPath.Join(path, "revenue"), "must not be negative.");
        if (stay.Currency is { } currency && !CurrencyCode().IsMatch(currency))
            errors.Add(FieldPath.Join(path, "currency"), "must be an ISO 4217 code such as EUR.");
        errors.MaxLength(FieldPath.Join(path, "reservationId"), stay.ReservationId, 128);
        errors.MaxLength(FieldPath.Join(path, "segment"), stay.Segment, 60);
    }

    public static void ValidateList<T>(IReadOnlyList<T>? items, string path, ValidationErrors errors,
        Action<T, string, ValidationErrors> validate)
    {
        if (items is null)
            return;
        if (items.Count > MaxEntries)
            errors.Add(path, $"must hold at most {MaxEntries} entries.");
        for (var i = 0; i < items.Count && i < MaxEntries; i++)
            validate(items[i], FieldPath.Index(path, i), errors);
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^[0-9+()./\- ]+$")]
    private static partial Regex PhoneCharacters();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex SystemName();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}

using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Privacy;

/// <summary>Whom a guest's access or erasure request is about: exactly one of an e-mail, a phone or a golden record id.</summary>
public sealed record PrivacySubject(string? Email, string? Phone, string? ContactId)
{
    /// <summary>"email", "phone" or "contactId": what the request named, for the audit log (never the value).</summary>
    public string Scope => Email is not null ? "email" : Phone is not null ? "phone" : "contactId";

    /// <summary>The subject, or the errors naming the field, with the pipeline's normalizers as the judge of a valid contact point.</summary>
    public static (PrivacySubject? Subject, ValidationErrors Errors) Read(string? email, string? phone, string? contactId, string? defaultCountry)
    {
        var errors = new ValidationErrors();
        var given = new[] { email, phone, contactId }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            const string Reason = "name the guest by exactly one of email, phone or contactId.";
            if (given == 0) errors.Add("email", Reason);
            foreach (var (field, value) in new[] { ("email", email), ("phone", phone), ("contactId", contactId) })
                if (given > 1 && !string.IsNullOrWhiteSpace(value)) errors.Add(field, Reason);
            return (null, errors);
        }
        errors.MaxLength("email", email, 254);
        errors.MaxLength("phone", phone, 40);
        errors.MaxLength("contactId", contactId, 100);
        if (!errors.IsEmpty) return (null, errors);
        if (!string.IsNullOrWhiteSpace(email) && EmailNormalizer.Normalize(email).Email is null)
            errors.Add("email", "is not a valid e-mail address.");
        if (!string.IsNullOrWhiteSpace(phone) && PhoneNormalizer.Normalize(phone, defaultCountry).Phone is null)
            errors.Add("phone", "is not a valid phone number (use the international form, +33 6 12 34 56 78).");
        if (!string.IsNullOrWhiteSpace(contactId) && !IsContactId(contactId.Trim()))
            errors.Add("contactId", "is not a golden record id (ct- and 20 hexadecimal digits).");
        return errors.IsEmpty ? (new PrivacySubject(Blank(email), Blank(phone), Blank(contactId)), errors) : (null, errors);
    }

    private static bool IsContactId(string text) =>
        text.Length == 23 && text.StartsWith("ct-", StringComparison.Ordinal) && text[3..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

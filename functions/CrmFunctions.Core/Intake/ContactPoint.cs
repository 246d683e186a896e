namespace CrmFunctions.Core.Intake;

/// <summary>How to reach the guest an event is about. Personal data: stored, never logged.</summary>
public sealed record ContactPoint
{
    public string? Email { get; init; }
    public string? Phone { get; init; }

    public static void Validate(ContactPoint? contact, string path, ValidationErrors errors)
    {
        if (contact is null)
            return;
        if (contact.Email is not null)
            ContactValidator.ValidateEmail(contact.Email, FieldPath.Join(path, "email"), errors);
        if (contact.Phone is not null)
            ContactValidator.ValidatePhone(contact.Phone, FieldPath.Join(path, "phone"), errors);
    }

    /// <summary>The digits of a phone number: the key an SMS reply is matched on (platforms send E.164 both ways).</summary>
    public static string? PhoneDigits(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? null : new string(phone.Where(char.IsAsciiDigit).ToArray()) is { Length: > 0 } d ? d : null;
}

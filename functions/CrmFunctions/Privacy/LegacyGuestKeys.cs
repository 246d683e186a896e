using System.Security.Cryptography;
using System.Text;
using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using PhoneNumbers;

namespace CrmFunctions.Privacy;

/// <summary>
/// The guest keys of earlier versions: a bare SHA-256 of the e-mail as typed (trimmed, lowercased) or of the phone's
/// digits as typed. Kept only so that "privacy rekey" can find the rows filed under them; nothing else makes them.
/// </summary>
public static class LegacyGuestKeys
{
    public static string? Of(string? email, string? phone)
    {
        if (!string.IsNullOrWhiteSpace(email)) return Hash("e:" + email.Trim().ToLowerInvariant());
        return ContactPoint.PhoneDigits(phone) is { } digits ? Hash("p:" + digits) : null;
    }

    /// <summary>
    /// Each legacy key a guest's contact points may have been filed under, with the key that replaces it. The golden
    /// record keeps normalized forms, not what was typed: an e-mail is looked for as its cleaned address, a valid phone
    /// as it is usually typed (international, with 00, national); a phone the pipeline refused is kept as it came.
    /// </summary>
    public static IEnumerable<(string Legacy, string Key)> Of(GoldenRecord guest, GuestKeyer keys)
    {
        foreach (var contact in guest.Members.Select(m => m.Contact))
        {
            foreach (var email in contact.Emails)
                yield return (Of(email.Address, null)!, keys.OfEmail(email));
            foreach (var phone in contact.Phones)
                foreach (var typed in TypedForms(phone))
                    yield return (Of(null, typed)!, keys.OfPhone(phone));
            foreach (var refused in contact.Rejected.Where(r => r.Field == "phones"))
                if (Of(null, refused.Value) is { } legacy && keys.OfPhone(refused.Value, contact.Country) is { } key)
                    yield return (legacy, key);
        }
    }

    private static IEnumerable<string> TypedForms(NormalizedPhone phone)
    {
        yield return phone.E164;
        yield return "00" + phone.E164[1..];
        var plans = PhoneNumberUtil.GetInstance();
        PhoneNumber parsed;
        try { parsed = plans.Parse(phone.E164, null); }
        catch (NumberParseException) { yield break; }
        yield return plans.Format(parsed, PhoneNumberFormat.NATIONAL);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}

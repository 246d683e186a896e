using System.Security.Cryptography;
using System.Text;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Privacy;

/// <summary>
/// The key a guest's facts are filed under (barometer ledger, stays), so that an erasure finds them while those
/// tables hold no e-mail or phone in clear. HMAC-SHA256 with the deployment's secret: a bare hash of an address can
/// be reversed by hashing a list of addresses, a keyed one cannot without the secret.
/// <para>
/// Only the pipeline's normalized forms go in, so every way of typing one contact point gives one key:
/// an e-mail's <see cref="NormalizedEmail.MatchKey"/> (lowercased, sub-address and provider aliases folded: the form
/// the pipeline identifies guests by; the cleaned <see cref="NormalizedEmail.Address"/> keeps the local part's case
/// as typed, which mail servers ignore, so one mailbox would get several keys) and a phone's match key (E.164 for
/// every number its plan accepts, "+" country code and national digits otherwise, as the matcher compares them).
/// </para>
/// The kind of contact point is both inside the HMAC and in clear in front ("e-", "p-"): a phone and an e-mail never
/// share a key, and a key tells which of the guest's contact points it came from without revealing it.
/// </summary>
public static class GuestKey
{
    public const string EmailPrefix = "e-";
    public const string PhonePrefix = "p-";

    /// <summary>128 bits of the HMAC, in hex: no collision among any number of guests a hotel group has.</summary>
    private const int HexDigits = 32;

    /// <summary>The key of an e-mail as it is typed, or null when it is no address.</summary>
    public static string? OfEmail(ReadOnlySpan<byte> secret, string? email, EmailLexicon? lexicon = null) =>
        EmailNormalizer.Normalize(email, lexicon).Email is { } normalized ? OfEmail(secret, normalized) : null;

    public static string OfEmail(ReadOnlySpan<byte> secret, NormalizedEmail email) => Key(secret, EmailPrefix, email.MatchKey);

    /// <summary>The key of a phone as it is typed, read in <paramref name="country"/> when written in national form; null when it identifies no number.</summary>
    public static string? OfPhone(ReadOnlySpan<byte> secret, string? phone, string? country) =>
        string.IsNullOrWhiteSpace(phone) || PhoneNormalizer.Normalize(phone, country).MatchKey is not { } matchKey
            ? null
            : OfPhoneKey(secret, matchKey);

    public static string OfPhone(ReadOnlySpan<byte> secret, NormalizedPhone phone) => OfPhoneKey(secret, phone.E164);

    /// <summary>The key of a phone from its match key (<see cref="PhoneResult.MatchKey"/>: E.164 for a valid number).</summary>
    public static string OfPhoneKey(ReadOnlySpan<byte> secret, string phoneMatchKey) => Key(secret, PhonePrefix, phoneMatchKey);

    /// <summary>Whether a key is of this kind, as opposed to the bare hashes of earlier versions (32 hex digits, no prefix).</summary>
    public static bool IsKeyed(string key) =>
        key.StartsWith(EmailPrefix, StringComparison.Ordinal) || key.StartsWith(PhonePrefix, StringComparison.Ordinal);

    private static string Key(ReadOnlySpan<byte> secret, string prefix, string form)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(prefix + form), mac);
        return prefix + Convert.ToHexStringLower(mac)[..HexDigits];
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using PhoneNumbers;

namespace CrmFunctions.Core.Privacy;

/// <summary>
/// Everything that identifies one guest, in the forms the stores hold it, and the test of whether a stored value or
/// a JSON record (an archived payload, a queued message) is about that guest. Values typed differently than the
/// golden record keeps them still match: e-mails are compared normalized, phones by their national number.
/// </summary>
public sealed partial class GuestIdentity
{
    // A national number shorter than this is too weak to find a guest in free text.
    private const int MinimumPhoneTail = 7;
    private static readonly PhoneNumberUtil Plans = PhoneNumberUtil.GetInstance();

    private readonly HashSet<string> _emails = new(StringComparer.Ordinal);
    private readonly HashSet<string> _phones = new(StringComparer.Ordinal);
    private readonly HashSet<string> _phoneTails = new(StringComparer.Ordinal);
    private readonly HashSet<string> _contactIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _memberKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recordRefs = new(StringComparer.Ordinal);
    private readonly HashSet<(string System, string Value)> _externalIds = [];
    private readonly string? _defaultCountry;

    public GuestIdentity(string? defaultCountry) => _defaultCountry = defaultCountry;

    /// <summary>Normalized addresses (as the golden record keeps them).</summary>
    public IReadOnlyCollection<string> Emails => _emails;
    /// <summary>E.164 numbers.</summary>
    public IReadOnlyCollection<string> Phones => _phones;
    /// <summary>The golden records and the ids merged into them.</summary>
    public IReadOnlyCollection<string> ContactIds => _contactIds;
    /// <summary>"{source}/{sourceRecordId}" of every member.</summary>
    public IReadOnlyCollection<string> MemberKeys => _memberKeys;
    /// <summary>The ingestions the guest's source records arrived in.</summary>
    public IEnumerable<string> IngestionIds => _recordRefs.Select(r => r[..r.LastIndexOf('/')]).Distinct(StringComparer.Ordinal);

    public bool IsEmpty => _emails.Count == 0 && _phones.Count == 0 && _contactIds.Count == 0;

    public void AddEmail(string? raw)
    {
        if (EmailNormalizer.Normalize(raw).Email is not { } email) return;
        _emails.Add(email.Address.ToLowerInvariant());
        _emails.Add(email.MatchKey);
    }

    public void AddPhone(string? raw)
    {
        var result = PhoneNormalizer.Normalize(raw, _defaultCountry);
        if (result.Phone?.E164 is not { } e164) return;
        _phones.Add(e164);
        if (TryParse(e164) is { } parsed && parsed.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) is { Length: >= MinimumPhoneTail } tail)
            _phoneTails.Add(tail);
    }

    public void AddContactId(string contactId) => _contactIds.Add(contactId);

    public void Add(GoldenRecord golden)
    {
        _contactIds.Add(golden.ContactId);
        foreach (var email in golden.Emails.Where(e => IsPersonal(e.Value))) AddEmail(email.Value.Address);
        foreach (var phone in golden.Phones) AddPhone(phone.Value.E164);
        foreach (var (system, value) in golden.ExternalIds) _externalIds.Add((system.ToLowerInvariant(), value));
        foreach (var member in golden.Members)
        {
            _memberKeys.Add(member.Key);
            _recordRefs.Add(member.Origin.SourceRecordId);
            _contactIds.Add(Matching.ContactIds.For(member.Origin));
            foreach (var email in member.Contact.Emails.Where(IsPersonal)) AddEmail(email.Address);
            foreach (var phone in member.Contact.Phones) AddPhone(phone.E164);
            foreach (var (system, value) in member.Contact.ExternalIds) _externalIds.Add((system.ToLowerInvariant(), value));
        }
    }

    // A shared mailbox (reservations@ an agency) or a placeholder on the guest's record is not theirs: the records of
    // everyone else who gave it must not go with them. The address the request names always counts.
    private static bool IsPersonal(NormalizedEmail email) => (email.Flags & (EmailFlags.Role | EmailFlags.Placeholder)) == 0;

    /// <summary>Whether the record at <paramref name="index"/> of ingestion <paramref name="ingestionId"/> is one of the guest's source records.</summary>
    public bool IsRecord(string ingestionId, int index) => _recordRefs.Contains($"{ingestionId}/{index}");

    /// <summary>Whether a stored text value (a column, a JSON string) names the guest's e-mail, phone or ids.</summary>
    public bool Mentions(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return false;
        if (_contactIds.Contains(value) || _memberKeys.Contains(value)) return true;
        if (value.Contains('@', StringComparison.Ordinal))
            foreach (Match token in EmailToken().Matches(value))
                if (_emails.Contains(token.Value.ToLowerInvariant()) || EmailNormalizer.Normalize(token.Value).Email is { } e && _emails.Contains(e.MatchKey))
                    return true;
        if (_phoneTails.Count > 0)
            foreach (Match run in DigitRun().Matches(value))
            {
                var digits = string.Concat(run.Value.Where(char.IsAsciiDigit));
                // A number as typed ends with the national number: "06 12 34 56 78", "+33612345678", "0033 6 12 …".
                if (digits.Length <= 17 && _phoneTails.Any(t => digits.EndsWith(t, StringComparison.Ordinal) && digits.Length - t.Length <= 5))
                    return true;
            }
        return false;
    }

    /// <summary>Whether a JSON record holds anything that names the guest (any string in it, an external id, a record reference).</summary>
    public bool Mentions(JsonNode? node) => node switch
    {
        JsonValue value => value.TryGetValue<string>(out var text) && Mentions(text),
        JsonArray array => array.Any(Mentions),
        JsonObject obj => IsRecordReference(obj) || obj.Any(p => IsExternalId(p.Key, p.Value) || Mentions(p.Value)),
        _ => false,
    };

    private bool IsExternalId(string system, JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var id) && _externalIds.Contains((system.ToLowerInvariant(), id));

    // A queued contact carries where it came from rather than its member key.
    private bool IsRecordReference(JsonObject obj) =>
        Property(obj, "ingestionId") is JsonValue ingestion && ingestion.TryGetValue<string>(out var ingestionId)
        && Property(obj, "index") is JsonValue index && index.TryGetValue<int>(out var i) && IsRecord(ingestionId, i);

    private static JsonNode? Property(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static PhoneNumber? TryParse(string e164)
    {
        try
        {
            return Plans.Parse(e164, null);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"[^\s<>""'(),;:\[\]]+@[^\s<>""'(),;:\[\]]+")]
    private static partial Regex EmailToken();

    [GeneratedRegex(@"\+?\d[\d\s().\-/]{5,}\d")]
    private static partial Regex DigitRun();
}

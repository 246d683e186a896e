using CrmFunctions.Core.Contacts;

namespace CrmFunctions.Core.Normalization;

/// <summary>
/// Turns a contact as a hotel system sent it into a <see cref="NormalizedContact"/>: every field
/// cleaned, values that cannot be right set aside with a reason, and each change recorded.
/// Pure: the same input and options always give the same output.
/// </summary>
public sealed class ContactNormalizer(NormalizationOptions options)
{
    public NormalizationOptions Options { get; } = options;

    public NormalizedContact Normalize(ContactEnvelope envelope) =>
        Normalize(envelope.Contact, new ContactOrigin(envelope.Source, $"{envelope.IngestionId}/{envelope.Index}", envelope.ReceivedAt));

    public NormalizedContact Normalize(ContactInput input, ContactOrigin? origin = null)
    {
        var log = new NormalizationLog();
        var name = NameNormalizer.Normalize(input.Title, input.GivenName, input.FamilyName, Options.Names, log);
        var country = NormalizeCountry(input.Country ?? input.Address?.Country, "country", log);
        var effectiveCountry = country ?? Options.DefaultCountry;

        var emails = NormalizeEmails(input.Emails, log);
        var (phones, phoneKeys) = NormalizePhones(input.Phones, effectiveCountry, log);
        var address = NormalizeAddress(input.Address, country, effectiveCountry, log);
        var birthDate = NormalizeBirthDate(input.BirthDate, log);
        var consents = NormalizeConsents(input.Consents, origin, log);
        var externalIds = (input.ExternalIds ?? new Dictionary<string, string>())
            .Select(kv => (Source: Text.Clean(kv.Key).ToLowerInvariant(), Id: Text.Clean(kv.Value)))
            .Where(x => x.Source.Length > 0 && x.Id.Length > 0)
            .GroupBy(x => x.Source)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);

        var keys = new MatchKeys
        {
            GivenName = name.GivenKey,
            FamilyName = name.FamilyKey,
            Emails = emails.Where(e => e.IsIdentifying).Select(e => e.MatchKey).Distinct().ToList(),
            Phones = phoneKeys,
            Postcode = Text.FoldCompact(address?.PostalCode),
            City = Text.Fold(address?.City),
            Street = AddressNormalizer.StreetKey(address?.Street),
        };

        return new NormalizedContact
        {
            Origin = origin,
            Name = name,
            Emails = emails,
            Phones = phones,
            Address = address,
            Country = country,
            Language = NormalizeLanguage(input.Language),
            BirthDate = birthDate,
            ExternalIds = externalIds,
            Consents = consents,
            Stay = input.Stay,
            Keys = keys,
            Flags = FlagsOf(name, emails, phones, log),
            Rejected = log.Rejected,
            Changes = log.Changes,
        };
    }

    private static ContactFlags FlagsOf(PersonName name, IReadOnlyList<NormalizedEmail> emails, IReadOnlyList<NormalizedPhone> phones, NormalizationLog log)
    {
        var flags = ContactFlags.None;
        foreach (var email in emails)
        {
            if (email.Flags.HasFlag(EmailFlags.Disposable)) flags |= ContactFlags.DisposableEmail;
            if (email.Flags.HasFlag(EmailFlags.Role)) flags |= ContactFlags.RoleEmail;
            if (email.Flags.HasFlag(EmailFlags.Placeholder)) flags |= ContactFlags.PlaceholderEmail;
        }
        if (log.Changes.Any(c => c.Rule == "name.swap-given-family")) flags |= ContactFlags.NamesSwapped;
        var reachable = emails.Any(e => (e.Flags & (EmailFlags.Placeholder | EmailFlags.Disposable)) == 0) || phones.Count > 0;
        if (!reachable) flags |= ContactFlags.Unreachable;
        if (name.GivenName is null || name.FamilyName is null) flags |= ContactFlags.IncompleteName;
        return flags;
    }

    private static string? NormalizeCountry(string? raw, string field, NormalizationLog log)
    {
        var clean = Text.Clean(raw);
        if (clean.Length == 0) return null;
        var code = Countries.ToAlpha2(clean);
        if (code is null)
        {
            log.Reject(field, clean, "unknown-country");
            return null;
        }
        if (!string.Equals(code, clean, StringComparison.Ordinal))
            log.Change(field, clean.Length == 2 ? "lowercase-code" : clean.Length == 3 ? "alpha-3" : "country-name", code, "country.iso-alpha2");
        return code;
    }

    private IReadOnlyList<NormalizedEmail> NormalizeEmails(IReadOnlyList<string>? raws, NormalizationLog log)
    {
        var result = new List<NormalizedEmail>();
        foreach (var raw in raws ?? [])
        {
            var outcome = EmailNormalizer.Normalize(raw, Options.Emails);
            if (outcome.Email is not { } email)
            {
                if (outcome.Reason != "empty") log.Reject("emails", raw, outcome.Reason!);
                continue;
            }
            if (result.Any(e => e.MatchKey == email.MatchKey)) continue;
            if (!string.Equals(raw, email.Address, StringComparison.Ordinal))
                log.Change("emails", "unnormalized-address", email.Address, "email.trim-lowercase-domain");
            if (email.Flags != EmailFlags.None)
                log.Change("emails", "flagged-" + email.Flags.ToString().ToLowerInvariant().Replace(", ", "-", StringComparison.Ordinal), email.Address, "email.excluded-from-matching");
            result.Add(email);
        }
        return result;
    }

    /// <returns>The valid numbers (the guest can be called or texted on them), and the matching keys of every number, valid or not.</returns>
    private static (IReadOnlyList<NormalizedPhone> Phones, IReadOnlyList<string> Keys) NormalizePhones(IReadOnlyList<string>? raws, string? country, NormalizationLog log)
    {
        var result = new List<NormalizedPhone>();
        var keys = new List<string>();
        foreach (var raw in raws ?? [])
        {
            var outcome = PhoneNormalizer.Normalize(raw, country);
            if (outcome.MatchKey is { } key && !keys.Contains(key)) keys.Add(key);
            if (outcome.Phone is not { } phone)
            {
                if (outcome.Reason != "empty") log.Reject("phones", raw, outcome.Reason!);
                continue;
            }
            if (result.Any(p => p.E164 == phone.E164)) continue;
            if (!string.Equals(raw, phone.E164, StringComparison.Ordinal))
                log.Change("phones", outcome.InputFormat ?? "unknown-format", phone.E164, "phone.e164");
            result.Add(phone);
        }
        return (result, keys);
    }

    private static NormalizedAddress? NormalizeAddress(PostalAddress? input, string? country, string? effectiveCountry, NormalizationLog log)
    {
        if (input is null) return null;
        string? Field(string? raw, string field)
        {
            var cased = AddressNormalizer.CaseCity(raw);
            if (cased.Length == 0) return null;
            if (!string.Equals(raw, cased, StringComparison.Ordinal)) log.Change(field, Text.ShapeOf(raw), cased, "address.clean-case");
            return cased;
        }

        string? postcode = null;
        if (!string.IsNullOrWhiteSpace(input.PostalCode))
        {
            var result = Postcodes.Normalize(input.PostalCode, effectiveCountry);
            if (result.Postcode is { } valid)
            {
                postcode = valid;
                if (!string.Equals(input.PostalCode, valid, StringComparison.Ordinal))
                    log.Change("address.postalCode", "unformatted", valid, "postcode.canonical");
            }
            else
            {
                log.Reject("address.postalCode", input.PostalCode, result.Reason!);
            }
        }

        var address = new NormalizedAddress(
            Field(input.Street, "address.street"),
            Field(input.Street2, "address.street2"),
            postcode,
            Field(input.City, "address.city"),
            Text.Clean(input.Region) is { Length: > 0 } region ? region : null,
            country);
        return address is { Street: null, Street2: null, PostalCode: null, City: null, Region: null, Country: null } ? null : address;
    }

    private DateOnly? NormalizeBirthDate(DateOnly? birthDate, NormalizationLog log)
    {
        if (birthDate is not { } date) return null;
        var reason = BirthDates.Check(date, Options.Today, Options.EarliestBirthDate);
        if (reason is null) return date;
        log.Reject("birthDate", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason);
        return null;
    }

    private static IReadOnlyList<ConsentRecord> NormalizeConsents(IReadOnlyList<ConsentInput>? inputs, ContactOrigin? origin, NormalizationLog log)
    {
        var records = new List<ConsentRecord>();
        foreach (var input in inputs ?? [])
        {
            var channel = ConsentLedger.ParseChannel(input.Channel);
            if (channel is null) { log.Reject("consents", input.Channel ?? string.Empty, "unknown-channel"); continue; }
            if (input.Granted is not { } granted) { log.Reject("consents", input.Channel ?? string.Empty, "missing-granted"); continue; }
            // A statement without a time is dated by its arrival; without either it cannot be ordered.
            var at = input.At ?? origin?.ReceivedAt;
            if (at is null) { log.Reject("consents", input.Channel ?? string.Empty, "missing-time"); continue; }
            records.Add(new ConsentRecord(channel.Value, granted, at.Value, Cleaned(input.Source) ?? origin?.Source)
            {
                WordingVersion = Cleaned(input.WordingVersion),
                FormId = Cleaned(input.FormId),
                Evidence = NormalizeEvidence(input.Evidence, log),
            });
        }
        return ConsentLedger.Append([], records);
    }

    /// <summary>
    /// The evidence as the sender gave it, the IP written one way (so one address is one value in the history);
    /// an IP that is not one is set aside and the statement kept: the statement counts, only its proof is short.
    /// </summary>
    private static ConsentEvidence? NormalizeEvidence(ConsentEvidenceInput? input, NormalizationLog log)
    {
        if (input is null) return null;
        var ip = Cleaned(input.Ip);
        var canonical = IpAddresses.Canonical(ip);
        if (ip is not null && canonical is null) log.Reject("consents.evidence.ip", ip, "not-an-ip-address");
        else if (ip is not null && canonical != ip) log.Change("consents.evidence.ip", "non-canonical-ip", canonical, "ip.canonical");
        return ConsentEvidence.Of(canonical, Cleaned(input.MessageId));
    }

    private static string? Cleaned(string? value) => Text.Clean(value) is { Length: > 0 } clean ? clean : null;

    private static string? NormalizeLanguage(string? raw)
    {
        var clean = Text.Clean(raw).Replace('_', '-');
        if (clean.Length == 0) return null;
        var parts = clean.Split('-');
        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++) parts[i] = parts[i].Length == 2 ? parts[i].ToUpperInvariant() : parts[i];
        return string.Join('-', parts);
    }
}

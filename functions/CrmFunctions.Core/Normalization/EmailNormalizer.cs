namespace CrmFunctions.Core.Normalization;

/// <summary>Why an address, though well formed, must not identify a guest.</summary>
[Flags]
public enum EmailFlags
{
    None = 0,
    /// <summary>Throw-away mailbox (yopmail, mailinator): reachable for minutes, not a guest identity.</summary>
    Disposable = 1,
    /// <summary>Shared mailbox (info@, reservations@): often an agency or a company, many guests behind it.</summary>
    Role = 2,
    /// <summary>Typed to get past a mandatory field (noreply@, test@, none@, example.com).</summary>
    Placeholder = 4,
}

/// <summary>A syntactically valid address: as displayed, and the key it is matched on.</summary>
public sealed record NormalizedEmail(string Address, string MatchKey, EmailFlags Flags)
{
    /// <summary>Only personal addresses identify a guest; shared or fake ones would merge strangers.</summary>
    public bool IsIdentifying => Flags == EmailFlags.None;
}

/// <summary>The outcome of normalizing one address: the address, or the reason it was rejected.</summary>
public sealed record EmailResult(NormalizedEmail? Email, string? Reason)
{
    public bool IsValid => Email is not null;
}

public sealed record EmailLexicon
{
    public required IReadOnlySet<string> DisposableDomains { get; init; }
    public required IReadOnlySet<string> RoleLocalParts { get; init; }
    public required IReadOnlySet<string> PlaceholderLocalParts { get; init; }
    public required IReadOnlySet<string> PlaceholderDomains { get; init; }
    /// <summary>Domains where dots in the local part are ignored by the provider.</summary>
    public required IReadOnlySet<string> DotInsensitiveDomains { get; init; }
    /// <summary>Alias domain → canonical domain of the same mailbox.</summary>
    public required IReadOnlyDictionary<string, string> DomainAliases { get; init; }

    public static EmailLexicon Default { get; } = new()
    {
        DisposableDomains = Set("yopmail.com", "yopmail.fr", "mailinator.com", "guerrillamail.com", "guerrillamail.net",
            "10minutemail.com", "temp-mail.org", "tempmail.com", "trashmail.com", "trashmail.de", "jetable.org",
            "throwawaymail.com", "getnada.com", "dispostable.com", "maildrop.cc", "sharklasers.com", "fakeinbox.com",
            "mailnesia.com", "mytemp.email", "spamgourmet.com", "mohmal.com", "emailondeck.com", "tempr.email"),
        RoleLocalParts = Set("info", "contact", "admin", "administration", "reservation", "reservations", "booking",
            "bookings", "sales", "support", "office", "accueil", "reception", "hotel", "frontdesk", "direction",
            "compta", "comptabilite", "accounting", "billing", "facturation", "hello", "bonjour", "service", "team",
            "webmaster", "postmaster", "hostmaster", "abuse", "marketing", "commercial", "resa", "travel", "voyages"),
        PlaceholderLocalParts = Set("noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "test", "tests",
            "testing", "none", "nomail", "no-mail", "noemail", "no-email", "pasdemail", "pas-de-mail", "aucun",
            "aucune", "nobody", "null", "nil", "na", "n-a", "unknown", "inconnu", "refused", "refuse", "declined",
            "xxx", "xx", "x", "a", "aa", "aaa", "abc", "asdf", "qwerty", "fake", "dummy", "example", "email", "mail",
            "sansmail", "sans-mail", "client", "guest"),
        PlaceholderDomains = Set("example.com", "example.org", "example.net", "test.com", "test.fr", "domain.com",
            "email.com.invalid", "invalid", "nomail.com", "noemail.com", "none.com", "xxx.com", "aaa.com", "a.com"),
        DotInsensitiveDomains = Set("gmail.com"),
        DomainAliases = new Dictionary<string, string>(StringComparer.Ordinal) { ["googlemail.com"] = "gmail.com" },
    };

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);
}

/// <summary>
/// E-mail clean-up: the address is kept as typed (domain lowercased) for sending; the match key folds
/// provider aliases so "Jean.Dupont+hotel@googlemail.com" and "jeandupont@gmail.com" meet.
/// </summary>
public static class EmailNormalizer
{
    public static EmailResult Normalize(string? raw, EmailLexicon? lexicon = null)
    {
        lexicon ??= EmailLexicon.Default;
        var value = Text.Clean(raw);
        if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) value = value[7..];
        value = value.Trim().Trim('<', '>', '"', '\'', ';', ',').Trim();
        if (value.Length == 0) return new EmailResult(null, "empty");
        if (value.Length > 254) return new EmailResult(null, "too-long");

        var at = value.LastIndexOf('@');
        if (at < 0) return new EmailResult(null, "missing-at");
        if (value.IndexOf('@') != at) return new EmailResult(null, "several-at");
        var local = value[..at];
        var domain = value[(at + 1)..].ToLowerInvariant().TrimEnd('.');
        if (!IsValidLocal(local)) return new EmailResult(null, "invalid-local-part");
        if (!IsValidDomain(domain)) return new EmailResult(null, "invalid-domain");

        var flags = EmailFlags.None;
        var localLower = local.ToLowerInvariant();
        var localBase = localLower.Split('+')[0];
        if (lexicon.DisposableDomains.Contains(domain)) flags |= EmailFlags.Disposable;
        if (lexicon.RoleLocalParts.Contains(localBase)) flags |= EmailFlags.Role;
        if (lexicon.PlaceholderLocalParts.Contains(localBase) || lexicon.PlaceholderDomains.Contains(domain)
            || domain.EndsWith(".invalid", StringComparison.Ordinal) || domain.EndsWith(".example", StringComparison.Ordinal))
            flags |= EmailFlags.Placeholder;

        return new EmailResult(new NormalizedEmail(local + "@" + domain, MatchKey(localLower, domain, lexicon), flags), null);
    }

    private static string MatchKey(string localLower, string domain, EmailLexicon lexicon)
    {
        var canonicalDomain = lexicon.DomainAliases.TryGetValue(domain, out var alias) ? alias : domain;
        // Sub-addressing ("+hotel") reaches the same mailbox at nearly every provider.
        var plus = localLower.IndexOf('+');
        var key = plus > 0 ? localLower[..plus] : localLower;
        if (lexicon.DotInsensitiveDomains.Contains(canonicalDomain)) key = key.Replace(".", string.Empty, StringComparison.Ordinal);
        return key + "@" + canonicalDomain;
    }

    private static bool IsValidLocal(string local)
    {
        if (local.Length is 0 or > 64) return false;
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)) return false;
        foreach (var ch in local)
        {
            if (char.IsLetterOrDigit(ch)) continue; // internationalized addresses (RFC 6531)
            if ("!#$%&'*+-/=?^_`{|}~.".Contains(ch)) continue;
            return false;
        }
        return true;
    }

    private static bool IsValidDomain(string domain)
    {
        if (domain.Length is 0 or > 253) return false;
        var labels = domain.Split('.');
        if (labels.Length < 2) return false;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-')) return false;
            foreach (var ch in label)
                if (!char.IsLetterOrDigit(ch) && ch != '-') return false;
        }
        var tld = labels[^1];
        return tld.Length >= 2 && tld.All(char.IsLetter) || tld.StartsWith("xn--", StringComparison.Ordinal);
    }
}

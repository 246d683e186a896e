using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Enrichment;

/// <summary>
/// Derives a guest's segment, value, feedback reading, contact-data facts and campaign triggers from the
/// golden record, its stays and its survey answers. Pure: the same input and <c>now</c> give the same
/// result, so redelivering a message re-computes the same values and the same de-duplication keys.
/// Build once (the comment lexicon and time zones are prepared in the constructor) and reuse.
/// </summary>
public sealed class ContactEnricher
{
    private readonly TriggerPlanner triggers;
    private readonly HashSet<string> personalDomains;

    public ContactEnricher(EnrichmentOptions? options = null)
    {
        Options = options ?? EnrichmentOptions.Default;
        Comments = new CommentAnalyzer(Options.Comments);
        triggers = new TriggerPlanner(Options.Triggers);
        personalDomains = new HashSet<string>(Options.EmailDomains.PersonalDomains, StringComparer.OrdinalIgnoreCase);
    }

    public EnrichmentOptions Options { get; }
    public CommentAnalyzer Comments { get; }

    public static EnrichmentResult Enrich(EnrichmentInput input, EnrichmentOptions options, DateTimeOffset now) =>
        new ContactEnricher(options).Enrich(input, now);

    public EnrichmentResult Enrich(EnrichmentInput input, DateTimeOffset now)
    {
        var contact = input.Contact;
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var surveys = input.Surveys
            .GroupBy(s => s.ResponseId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.SubmittedAt).First())
            .OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.ResponseId, StringComparer.Ordinal)
            .ToList();
        var latest = surveys.FirstOrDefault();
        var category = latest?.Nps is { } nps ? Categorize(nps, Options.Nps) : (NpsCategory?)null;
        var comment = Comments.Analyze(latest?.Comment);
        IReadOnlyList<string> motives = latest is { } l && (l.Complaint || !string.IsNullOrWhiteSpace(l.ComplaintReason))
            ? Comments.ComplaintMotives(l.ComplaintReason, l.Complaint ? l.Comment : null)
            : [];

        var stays = StayMetrics.Summarize(input.Stays, Options.Stays, Options.Loyalty, today);
        var rfm = StayMetrics.Score(stays, Options.Segmentation);

        var phone = contact.Phones.Select(p => p.Value)
            .OrderBy(p => p.LineType switch { PhoneLineType.Mobile => 0, PhoneLineType.FixedOrMobile => 1, _ => 2 })
            .FirstOrDefault();
        var (emailKind, emailDomain) = EmailKind(contact);
        var country = contact.Country ?? contact.Address?.Country ?? phone?.Country;
        var (language, languageSource) = PreferredLanguage(contact, latest, surveys, country);
        var (completeness, missing) = Completeness(contact);
        var (planned, suppressed) = triggers.Plan(contact, latest, category, language, country, now, input.Stays, surveys);

        return new EnrichmentResult
        {
            ContactId = contact.ContactId,
            EnrichedAt = now,
            SurveyCount = surveys.Count,
            LatestResponseId = latest?.ResponseId,
            LatestAnswerAt = latest?.SubmittedAt,
            LatestNps = latest?.Nps,
            NpsCategory = category,
            LatestComment = comment,
            ComplaintMotives = motives,
            Stays = stays,
            Rfm = rfm,
            Segment = StayMetrics.Segment(stays, Options.Segmentation),
            ValueScore = StayMetrics.ValueScore(rfm, Options.Segmentation),
            LoyaltyTier = StayMetrics.Tier(stays, Options.Loyalty),
            PhoneCountry = phone?.Country,
            PhoneLineType = phone?.LineType,
            EmailDomainKind = emailKind,
            EmailDomain = emailDomain,
            PreferredLanguage = language,
            PreferredLanguageSource = languageSource,
            CompletenessScore = completeness,
            MissingFields = missing,
            Triggers = planned,
            SuppressedTriggers = suppressed,
        };
    }

    public static NpsCategory Categorize(int nps, NpsOptions? options = null)
    {
        options ??= new NpsOptions();
        if (nps is < 0 or > 10) throw new ArgumentOutOfRangeException(nameof(nps), nps, "An NPS answer is 0–10.");
        return nps >= options.PromoterMin ? NpsCategory.Promoter : nps <= options.DetractorMax ? NpsCategory.Detractor : NpsCategory.Passive;
    }

    private (EmailDomainKind Kind, string? Domain) EmailKind(GoldenRecord contact)
    {
        var email = contact.Emails.Select(e => e.Value).FirstOrDefault(e => !e.Flags.HasFlag(EmailFlags.Placeholder));
        if (email is null) return (EmailDomainKind.None, null);
        var domain = email.Address[(email.Address.LastIndexOf('@') + 1)..];
        var kind = email.Flags.HasFlag(EmailFlags.Disposable) ? EmailDomainKind.Disposable
            : personalDomains.Contains(domain) ? EmailDomainKind.Personal
            : EmailDomainKind.Business;
        return (kind, domain);
    }

    private (string Language, string Source) PreferredLanguage(GoldenRecord contact, SurveyFeedback? latest, IReadOnlyList<SurveyFeedback> surveys, string? country)
    {
        var options = Options.Languages;
        string? Supported(string? tag)
        {
            if (string.IsNullOrWhiteSpace(tag)) return null;
            var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
            return (options.Supported ?? LanguageOptions.DefaultSupported).Contains(primary, StringComparer.Ordinal) ? primary : null;
        }
        if (Supported(contact.Language) is { } stated) return (stated, "contact");
        if ((Supported(latest?.Language) ?? surveys.Select(s => Supported(s.Language)).FirstOrDefault(l => l is not null)) is { } answered)
            return (answered, "survey");
        if (country is not null && options.ByCountry.TryGetValue(country, out var byCountry) && Supported(byCountry) is { } guessed)
            return (guessed, "country");
        return (options.Default, "default");
    }

    private (int Score, IReadOnlyList<string> Missing) Completeness(GoldenRecord contact)
    {
        bool Has(string field) => field switch
        {
            CompletenessFields.GivenName => !string.IsNullOrEmpty(contact.Name?.GivenName),
            CompletenessFields.FamilyName => !string.IsNullOrEmpty(contact.Name?.FamilyName),
            CompletenessFields.Email => contact.Emails.Any(e => (e.Value.Flags & (EmailFlags.Disposable | EmailFlags.Placeholder)) == 0),
            CompletenessFields.Phone => contact.Phones.Count > 0,
            CompletenessFields.Address => contact.Address is { } a && (!string.IsNullOrEmpty(a.Street) || !string.IsNullOrEmpty(a.PostalCode) && !string.IsNullOrEmpty(a.City)),
            CompletenessFields.BirthDate => contact.BirthDate is not null,
            CompletenessFields.Country => contact.Country is not null || contact.Address?.Country is not null,
            CompletenessFields.Language => !string.IsNullOrEmpty(contact.Language),
            CompletenessFields.Consent => contact.Consents.Any(c => c.Channel is ConsentChannel.Email or ConsentChannel.Sms),
            _ => false,
        };
        var weights = Options.Completeness.Weights.Where(w => w.Value > 0).ToList();
        var total = weights.Sum(w => w.Value);
        if (total == 0) return (0, []);
        var present = weights.Where(w => Has(w.Key)).Sum(w => w.Value);
        var missing = weights.Where(w => !Has(w.Key)).Select(w => w.Key).Order(StringComparer.Ordinal).ToList();
        return ((int)Math.Round(100.0 * present / total, MidpointRounding.AwayFromZero), missing);
    }
}

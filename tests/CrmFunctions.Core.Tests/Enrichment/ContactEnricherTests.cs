using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Normalization;
using static CrmFunctions.Core.Tests.Enrichment.Guests;

namespace CrmFunctions.Core.Tests.Enrichment;

public class ContactEnricherTests
{
    private readonly ContactEnricher enricher = new();

    private EnrichmentResult Enrich(ContactInput guest, IEnumerable<StayInput>? stays = null, IEnumerable<SurveyFeedback>? surveys = null) =>
        enricher.Enrich(new EnrichmentInput { Contact = Golden(guest), Stays = (stays ?? []).ToList(), Surveys = (surveys ?? []).ToList() }, Now);

    [Theory]
    [InlineData(10, NpsCategory.Promoter)]
    [InlineData(9, NpsCategory.Promoter)]
    [InlineData(8, NpsCategory.Passive)]
    [InlineData(7, NpsCategory.Passive)]
    [InlineData(6, NpsCategory.Detractor)]
    [InlineData(0, NpsCategory.Detractor)]
    public void The_nps_category_follows_the_standard_bands(int nps, NpsCategory expected)
    {
        Assert.Equal(expected, ContactEnricher.Categorize(nps));
    }

    [Fact]
    public void The_latest_answer_decides_the_nps_category_and_is_counted_once()
    {
        var result = Enrich(Elodie(), surveys:
        [
            Answer(3, "Chambre sale", hoursAgo: 24 * 40, id: "s-old"),
            Answer(10, "Séjour parfait, personnel adorable", hoursAgo: 5, id: "s-new"),
            Answer(10, "Séjour parfait, personnel adorable", hoursAgo: 5, id: "s-new"),
        ]);

        Assert.Equal(2, result.SurveyCount);
        Assert.Equal("s-new", result.LatestResponseId);
        Assert.Equal(NpsCategory.Promoter, result.NpsCategory);
        Assert.Equal(Sentiment.Positive, result.LatestComment.Sentiment);
        Assert.Contains("staff", result.LatestComment.Enchantments);
    }

    [Fact]
    public void A_skipped_nps_question_leaves_the_category_empty()
    {
        var result = Enrich(Elodie(), surveys: [Answer(null, "RAS")]);

        Assert.Null(result.NpsCategory);
        Assert.Equal(1, result.SurveyCount);
    }

    [Fact]
    public void A_complaint_is_classified_by_motive()
    {
        var result = Enrich(Elodie(), surveys: [Answer(4, "Nuit horrible", complaint: true, reason: "Bruit des travaux dès 7h et clim en panne")]);

        Assert.Equal(["noise", "room-comfort"], result.ComplaintMotives);
    }

    [Fact]
    public void Stays_are_summed_once_each_in_the_reporting_currency()
    {
        var result = Enrich(Elodie(), stays:
        [
            Stay(departedDaysAgo: 20, nights: 3, revenue: 600m, reservation: "R-1"),
            Stay(departedDaysAgo: 20, nights: 3, revenue: 600m, reservation: "R-1"), // the booking engine's copy
            Stay(departedDaysAgo: 200, nights: 1, revenue: 100m, currency: "CHF", property: "geneva-lake"),
            Stay(departedDaysAgo: 400, nights: 2, revenue: 500m, currency: "JPY"),
            Stay(departedDaysAgo: -10, nights: 2, revenue: 400m), // booked, not yet stayed
        ]);

        Assert.Equal(3, result.Stays.Stays);
        Assert.Equal(6, result.Stays.RoomNights);
        Assert.Equal(705m, result.Stays.Revenue);
        Assert.Equal(1, result.Stays.UnconvertedStays);
        Assert.Equal(1, result.Stays.UpcomingStays);
        Assert.Equal(20, result.Stays.RecencyDays);
        Assert.Equal(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-402), result.Stays.FirstStay);
    }

    [Fact]
    public void The_stays_of_every_member_of_the_golden_record_count()
    {
        var pms = Elodie() with { Stay = Stay(departedDaysAgo: 30, nights: 2, reservation: "R-7") };
        var booking = Elodie() with { Stay = Stay(departedDaysAgo: 90, nights: 4, reservation: "R-3") };

        var result = enricher.Enrich(EnrichmentInput.For(Golden(pms, booking)), Now);

        Assert.Equal(2, result.Stays.Stays);
        Assert.Equal(6, result.Stays.RoomNights);
    }

    public static TheoryData<string, StayInput[]> SegmentCases => new()
    {
        { Segments.Prospect, [] },
        { Segments.New, [Stay(departedDaysAgo: 10)] },
        { Segments.OneTime, [Stay(departedDaysAgo: 300)] },
        { Segments.Occasional, [Stay(departedDaysAgo: 30), Stay(departedDaysAgo: 500)] },
        { Segments.Loyal, [Stay(30), Stay(120), Stay(250)] },
        { Segments.Champion, [Stay(30, revenue: 800m), Stay(120, revenue: 700m), Stay(250, revenue: 600m), Stay(340, revenue: 500m)] },
        { Segments.AtRisk, [Stay(400), Stay(500), Stay(600)] },
        { Segments.Lost, [Stay(800), Stay(900)] },
    };

    [Theory]
    [MemberData(nameof(SegmentCases))]
    public void The_segment_follows_recency_frequency_and_revenue(string expected, StayInput[] stays)
    {
        Assert.Equal(expected, Enrich(Elodie(), stays).Segment);
    }

    [Fact]
    public void Segment_rules_come_from_configuration()
    {
        var options = new EnrichmentOptions
        {
            Segmentation = new SegmentationOptions
            {
                Rules = new Dictionary<string, SegmentRule>(new SegmentationOptions().Rules)
                {
                    ["big-spender"] = new() { Order = 5, MinRevenue = 1000m },
                },
            },
        };
        var guest = new EnrichmentInput { Contact = Golden(Elodie()), Stays = [Stay(10, revenue: 1500m)] };

        Assert.Equal("big-spender", new ContactEnricher(options).Enrich(guest, Now).Segment);
        Assert.Equal(Segments.New, enricher.Enrich(guest, Now).Segment);
    }

    [Fact]
    public void Value_score_and_tier_grow_with_the_guest()
    {
        var once = Enrich(Elodie(), [Stay(departedDaysAgo: 700, nights: 1, revenue: 90m)]);
        var regular = Enrich(Elodie(), [Stay(20, 4, 900m), Stay(80, 3, 700m), Stay(150, 3, 650m), Stay(300, 2, 400m)]);
        var top = Enrich(Elodie(), Enumerable.Range(0, 9).Select(i => Stay(10 + i * 35, nights: 6, revenue: 1200m, reservation: "R" + i)));

        Assert.Equal(new RfmScore(2, 1, 1), once.Rfm);
        Assert.Equal(new RfmScore(5, 3, 4), regular.Rfm);
        Assert.Equal(new RfmScore(5, 5, 5), top.Rfm);
        Assert.True(once.ValueScore < regular.ValueScore && regular.ValueScore < top.ValueScore);
        Assert.Equal(100, top.ValueScore);
        Assert.Equal("none", once.LoyaltyTier);
        Assert.Equal("silver", regular.LoyaltyTier);
        Assert.Equal("platinum", top.LoyaltyTier);
        Assert.Null(Enrich(Elodie()).Rfm);
        Assert.Equal(0, Enrich(Elodie()).ValueScore);
    }

    [Theory]
    [InlineData("+41 79 123 45 67", "CH", PhoneLineType.Mobile)]
    [InlineData("01 42 68 53 00", "FR", PhoneLineType.Fixed)]
    [InlineData("+44 20 7946 0958", "GB", PhoneLineType.Fixed)]
    [InlineData("+1 416 555 0199", "CA", PhoneLineType.FixedOrMobile)]
    public void Country_and_line_type_come_from_the_phone(string phone, string country, PhoneLineType lineType)
    {
        var result = Enrich(Elodie() with { Phones = [phone], Country = null });

        Assert.Equal(country, result.PhoneCountry);
        Assert.Equal(lineType, result.PhoneLineType);
    }

    [Fact]
    public void A_mobile_is_preferred_to_a_landline()
    {
        var result = Enrich(Elodie() with { Phones = ["01 42 68 53 00", "07 81 22 33 44"] });

        Assert.Equal(PhoneLineType.Mobile, result.PhoneLineType);
    }

    [Theory]
    [InlineData("elodie@gmail.com", EmailDomainKind.Personal, "gmail.com")]
    [InlineData("e.delatour@orange.fr", EmailDomainKind.Personal, "orange.fr")]
    [InlineData("elodie.delatour@accor-partners.com", EmailDomainKind.Business, "accor-partners.com")]
    [InlineData("reservations@agence-voyages.fr", EmailDomainKind.Business, "agence-voyages.fr")]
    [InlineData("x7f3k@yopmail.com", EmailDomainKind.Disposable, "yopmail.com")]
    [InlineData("noreply@example.com", EmailDomainKind.None, null)]
    public void The_email_domain_kind_is_read_from_the_address(string email, EmailDomainKind kind, string? domain)
    {
        var result = Enrich(Elodie() with { Emails = [email] });

        Assert.Equal(kind, result.EmailDomainKind);
        Assert.Equal(domain, result.EmailDomain);
    }

    [Fact]
    public void The_preferred_language_is_the_stated_one_then_the_answered_one_then_the_country()
    {
        Assert.Equal(("fr", "contact"), Language(Elodie()));
        Assert.Equal(("de", "survey"), Language(Elodie() with { Language = null }, Answer(9, language: "de-AT")));
        Assert.Equal(("nl", "country"), Language(Elodie() with { Language = null, Country = "NL" }));
        Assert.Equal(("it", "country"), Language(Elodie() with { Language = null, Country = null, Phones = ["+39 347 123 4567"] }));
        Assert.Equal(("en", "default"), Language(new ContactInput { GivenName = "Kenji", Emails = ["kenji@example.jp"], Language = "ja" }));

        (string, string) Language(ContactInput guest, params SurveyFeedback[] surveys)
        {
            var result = Enrich(guest, surveys: surveys);
            return (result.PreferredLanguage, result.PreferredLanguageSource);
        }
    }

    [Fact]
    public void Completeness_scores_the_contact_data_a_guest_gave()
    {
        var full = Enrich(Elodie(Consent("email", true, 5)));
        var sparse = Enrich(new ContactInput { FamilyName = "Martin", Emails = ["test@test.com"] });

        Assert.Equal(100, full.CompletenessScore);
        Assert.Empty(full.MissingFields);
        Assert.Equal(10, sparse.CompletenessScore);
        Assert.Equal(["address", "birthDate", "consent", "country", "email", "givenName", "language", "phone"], sparse.MissingFields);
    }

    [Fact]
    public void Enriching_again_gives_the_same_result()
    {
        var input = new EnrichmentInput
        {
            Contact = Golden(Elodie(Consent("email", true, 3))),
            Stays = [Stay(5), Stay(100)],
            Surveys = [Answer(2, "Chambre sale, personnel désagréable")],
        };

        var first = enricher.Enrich(input, Now);
        var second = enricher.Enrich(input, Now);

        Assert.Equal(first.Segment, second.Segment);
        Assert.Equal(first.Stays, second.Stays);
        Assert.Equal(first.Triggers, second.Triggers);
        Assert.Equal(first.LatestComment.Irritants, second.LatestComment.Irritants);
    }
}

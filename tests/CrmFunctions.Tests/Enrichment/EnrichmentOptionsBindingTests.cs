using CrmFunctions.Core.Enrichment;
using CrmFunctions.Pipeline;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Tests.Enrichment;

/// <summary>Enrichment rules come from app settings ("Enrichment__..."): what a setting changes, and what it leaves alone.</summary>
public sealed class EnrichmentOptionsBindingTests
{
    private static EnrichmentOptions Bind(Dictionary<string, string?> settings) =>
        EnrichmentConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static string Refusal(string key) =>
        Assert.Throws<InvalidOperationException>(() => Bind(new() { [key] = "1" })).Message;

    [Fact]
    public void Settings_change_one_rule_or_add_one_and_keep_the_other_defaults()
    {
        var options = Bind(new()
        {
            ["Enrichment:Segmentation:Rules:big_spender:Order"] = "5",
            ["Enrichment:Segmentation:Rules:big_spender:MinRevenue"] = "1000",
            ["Enrichment:Segmentation:Rules:loyal:MinFrequency"] = "2",
            ["Enrichment:Loyalty:TierNights:gold"] = "20",
            ["Enrichment:Triggers:QuietStart"] = "22:30",
            ["Enrichment:Triggers:DefaultTimeZone"] = "Europe/Brussels",
            ["Enrichment:Nps:PromoterMin"] = "10",
        });

        var rules = options.Segmentation.Rules;
        Assert.Equal(1000m, rules["big-spender"].MinRevenue);
        Assert.Equal(2, rules["loyal"].MinFrequency);
        Assert.Equal(365, rules["loyal"].MaxRecencyDays);
        Assert.Equal(new SegmentationOptions().Rules.Count + 1, rules.Count);
        Assert.Equal(20, options.Loyalty.TierNights["gold"]);
        Assert.Equal(50, options.Loyalty.TierNights["platinum"]);
        Assert.Equal(new TimeOnly(22, 30), options.Triggers.QuietStart);
        Assert.Equal(new TimeOnly(8, 0), options.Triggers.QuietEnd);
        Assert.Equal("service-recovery", options.Triggers.ServiceRecovery.Template);
        Assert.Equal(NpsCategory.Passive, ContactEnricher.Categorize(9, options.Nps));
    }

    [Fact]
    public void The_survey_invitation_names_its_survey_from_a_setting_and_keeps_its_other_defaults()
    {
        var options = Bind(new() { ["Enrichment:Triggers:SurveyInvitation:SurveyId"] = "spa-2026" });

        Assert.Equal("spa-2026", options.Triggers.SurveyInvitation.SurveyId);
        Assert.Equal("survey-invitation", options.Triggers.SurveyInvitation.Template);
        Assert.Equal(3, options.Triggers.SurveyInvitation.MaxAgeDays);
        Assert.Equal("post-stay", Bind(new()).Triggers.SurveyInvitation.SurveyId);
    }

    [Fact]
    public void Lexicon_settings_extend_the_default_lexicons()
    {
        var options = Bind(new()
        {
            ["Enrichment:Comments:AdditionalTopics:spa:Mentions:0"] = "hammam",
            ["Enrichment:Comments:AdditionalTopics:spa:Negative:0"] = "hammam froid",
            ["Enrichment:Comments:AdditionalNegative:0"] = "bof",
        });

        var analyzer = new CommentAnalyzer(options.Comments);
        Assert.Contains("spa", analyzer.Analyze("Le hammam était froid, bof").Irritants);
        Assert.Contains("spa", analyzer.Analyze("hammam froid").Irritants);
        Assert.Contains("cleanliness", analyzer.Analyze("chambre sale").Irritants);
    }

    [Fact]
    public void Channel_and_band_lists_replace_the_defaults()
    {
        var options = Bind(new()
        {
            ["Enrichment:Triggers:ServiceRecovery:Channels:0"] = "sms",
            ["Enrichment:Segmentation:RecencyDays:0"] = "30",
            ["Enrichment:Segmentation:RecencyDays:1"] = "60",
            ["Enrichment:Segmentation:RecencyDays:2"] = "120",
            ["Enrichment:Segmentation:RecencyDays:3"] = "240",
            ["Enrichment:Languages:Supported:0"] = "fr",
        });

        Assert.Equal(["sms"], options.Triggers.ServiceRecovery.Channels);
        Assert.Equal([30, 60, 120, 240], options.Segmentation.RecencyDays);
        Assert.Equal(["fr"], options.Languages.Supported);
        // 100 days since the last stay: recency 3 with these bands, 4 with the defaults.
        var stays = new StaySummary { Stays = 1, RecencyDays = 100, Frequency = 1 };
        Assert.Equal(3, StayMetrics.Score(stays, options.Segmentation)!.Recency);
        Assert.Equal(4, StayMetrics.Score(stays, new SegmentationOptions())!.Recency);
    }

    [Fact]
    public void A_name_with_a_hyphen_is_written_with_an_underscore_and_changes_the_default_it_names()
    {
        var options = Bind(new()
        {
            ["Enrichment:Segmentation:Rules:at_risk:MinRecencyDays"] = "200",
            ["Enrichment:Comments:AdditionalTopics:check_in_wait:Negative:0"] = "file d'attente",
        });

        var atRisk = options.Segmentation.Rules["at-risk"];
        Assert.Equal((200, 30, 2), (atRisk.MinRecencyDays, atRisk.Order, atRisk.MinStays));
        Assert.Equal(new SegmentationOptions().Rules.Count, options.Segmentation.Rules.Count);
        Assert.Contains(CommentTopics.CheckInWait, new CommentAnalyzer(options.Comments).Analyze("une file d'attente interminable").Irritants);
    }

    [Fact]
    public void A_name_written_with_its_hyphen_is_refused_with_the_setting_that_works_everywhere()
    {
        var message = Refusal("Enrichment:Segmentation:Rules:at-risk:MinRecencyDays");

        Assert.Contains("Enrichment__Segmentation__Rules__at-risk__", message);
        Assert.Contains("Enrichment__Segmentation__Rules__at_risk__", message);
    }

    [Fact]
    public void What_app_service_on_linux_makes_of_a_default_name_written_with_its_hyphen_is_refused_rather_than_added()
    {
        // Set in Azure as Enrichment__Comments__Topics__room-comfort__Mentions__0, it reaches the app without its '-'.
        var message = Refusal("Enrichment:Comments:Topics:roomcomfort:Mentions:0");

        Assert.Contains("room-comfort", message);
        Assert.Contains("Enrichment__Comments__Topics__room_comfort__", message);
    }
}

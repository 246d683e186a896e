using CrmFunctions.Core.Enrichment;
using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Tests.Enrichment;

/// <summary>Enrichment rules come from app settings ("Enrichment__..."): what a setting changes, and what it leaves alone.</summary>
public sealed class EnrichmentOptionsBindingTests
{
    private static EnrichmentOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Enrichment").Get<EnrichmentOptions>()
        ?? throw new InvalidOperationException("nothing bound");

    [Fact]
    public void Settings_change_one_rule_or_add_one_and_keep_the_other_defaults()
    {
        var options = Bind(new()
        {
            ["Enrichment:Segmentation:Rules:big-spender:Order"] = "5",
            ["Enrichment:Segmentation:Rules:big-spender:MinRevenue"] = "1000",
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
}

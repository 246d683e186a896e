using CrmFunctions.Core.Enrichment;

namespace CrmFunctions.Core.Tests.Enrichment;

public class CommentAnalyzerTests
{
    private static readonly CommentAnalyzer Analyzer = new();

    [Theory]
    [InlineData("Chambre très propre et personnel adorable, merci !", Sentiment.Positive)]
    [InlineData("Séjour parfait, on reviendra.", Sentiment.Positive)]
    [InlineData("Great stay, lovely staff and a delicious breakfast.", Sentiment.Positive)]
    [InlineData("Rien à redire, tout était impeccable.", Sentiment.Positive)]
    [InlineData("Pas mal du tout pour le prix.", Sentiment.Positive)]
    [InlineData("No complaints at all, would recommend.", Sentiment.Positive)]
    [InlineData("La chambre était sale et bruyante. Très déçue.", Sentiment.Negative)]
    [InlineData("Terrible experience, the room was dirty and the staff rude.", Sentiment.Negative)]
    [InlineData("Le petit déjeuner n'était pas terrible.", Sentiment.Negative)]
    [InlineData("The room wasn't clean.", Sentiment.Negative)]
    [InlineData("Je ne recommande pas cet hôtel.", Sentiment.Negative)]
    [InlineData("I would not recommend this hotel.", Sentiment.Negative)]
    [InlineData("Je ne reviendrai plus jamais.", Sentiment.Negative)]
    [InlineData("Nous sommes arrivés le 12 et repartis le 14.", Sentiment.Neutral)]
    [InlineData("We stayed two nights for a wedding.", Sentiment.Neutral)]
    [InlineData("", Sentiment.Neutral)]
    [InlineData(null, Sentiment.Neutral)]
    public void Reads_the_tone_of_french_and_english_comments(string? comment, Sentiment expected)
    {
        Assert.Equal(expected, Analyzer.Analyze(comment).Sentiment);
    }

    [Theory]
    [InlineData("La chambre n'était pas propre.", "cleanliness")]
    [InlineData("Chambre pas propre du tout", "cleanliness")]
    [InlineData("The bathroom was not clean", "cleanliness")]
    [InlineData("The room wasn’t clean and smelled of smoke", "cleanliness")]
    [InlineData("Beaucoup de bruit la nuit, impossible de dormir", "noise")]
    [InlineData("Very noisy street, thin walls", "noise")]
    [InlineData("Réceptionniste désagréable et impolie", "staff")]
    [InlineData("The receptionist was rude to us", "staff")]
    [InlineData("45 minutes d'attente au check-in", "check-in-wait")]
    [InlineData("We waited an hour at check in, the room was not ready", "check-in-wait")]
    [InlineData("À notre arrivée la chambre n'était pas prête", "check-in-wait")]
    [InlineData("Le wifi ne fonctionnait pas", "wifi")]
    [InlineData("The wifi didn't work in our room", "wifi")]
    [InlineData("Wi-Fi très lent", "wifi")]
    [InlineData("Le petit-déjeuner était décevant", "breakfast")]
    [InlineData("Breakfast was poor and overpriced", "breakfast")]
    [InlineData("Matelas affaissé, j'ai mal dormi", "bed")]
    [InlineData("I did not sleep well, the mattress was lumpy", "bed")]
    [InlineData("Beaucoup trop cher pour ce que c'est", "price-value")]
    [InlineData("Not value for money", "price-value")]
    [InlineData("Le parking est hors de prix et mal indiqué", "price-value")]
    [InlineData("Hôtel mal situé, loin de tout", "location")]
    [InlineData("Accueil glacial à la réception", "welcome")]
    [InlineData("Chambre exiguë et vétuste, clim en panne", "room-comfort")]
    [InlineData("Fuite dans la douche et pas d'eau chaude", "bathroom")]
    [InlineData("Parking impossible, très mal organisé", "parking")]
    public void Finds_irritants_even_when_negated(string comment, string topic)
    {
        var analysis = Analyzer.Analyze(comment);

        Assert.Contains(topic, analysis.Irritants);
        Assert.DoesNotContain(topic, analysis.Enchantments);
    }

    [Theory]
    [InlineData("Chambre impeccable", "cleanliness")]
    [InlineData("Spotless room", "cleanliness")]
    [InlineData("Aucun bruit, très calme", "noise")]
    [InlineData("Pas de bruit du tout", "noise")]
    [InlineData("There was no noise at night", "noise")]
    [InlineData("Personnel souriant et serviable", "staff")]
    [InlineData("The staff were so friendly and helpful", "staff")]
    [InlineData("Un accueil chaleureux", "welcome")]
    [InlineData("Petit déjeuner copieux et varié", "breakfast")]
    [InlineData("The breakfast was excellent", "breakfast")]
    [InlineData("Check-in rapide et efficace", "check-in-wait")]
    [InlineData("Literie très confortable, bien dormi", "bed")]
    [InlineData("The bed was great and I slept well", "bed")]
    [InlineData("Excellent rapport qualité prix", "price-value")]
    [InlineData("Good value for money", "price-value")]
    [InlineData("Idéalement situé, proche de tout", "location")]
    [InlineData("Great location, walking distance to the old town", "location")]
    [InlineData("Chambre spacieuse et confortable", "room-comfort")]
    [InlineData("Le wifi fonctionnait parfaitement", "wifi")]
    [InlineData("Parking gratuit et pratique, super", "parking")]
    public void Finds_enchantment_points(string comment, string topic)
    {
        var analysis = Analyzer.Analyze(comment);

        Assert.Contains(topic, analysis.Enchantments);
        Assert.DoesNotContain(topic, analysis.Irritants);
    }

    [Fact]
    public void A_contrast_keeps_each_side_with_its_own_topics()
    {
        var analysis = Analyzer.Analyze("Le personnel était adorable mais le petit déjeuner était décevant et la chambre bruyante.");

        Assert.Contains("staff", analysis.Enchantments);
        Assert.Contains("breakfast", analysis.Irritants);
        Assert.Contains("noise", analysis.Irritants);
        Assert.Equal(Sentiment.Negative, analysis.Sentiment);
    }

    [Fact]
    public void A_comma_stops_a_negation()
    {
        var analysis = Analyzer.Analyze("Pas de bruit, chambre propre, personnel aimable");

        Assert.Equal(["noise", "cleanliness", "staff"], analysis.Enchantments);
        Assert.Empty(analysis.Irritants);
    }

    [Fact]
    public void A_hair_dryer_is_not_a_hair_in_the_sink()
    {
        var analysis = Analyzer.Analyze("Sèche-cheveux dans la salle de bain, très pratique. The hair dryer was great.");

        Assert.DoesNotContain("cleanliness", analysis.Topics.Select(t => t.Topic));
        Assert.Contains("bathroom", analysis.Enchantments);
    }

    [Fact]
    public void A_mention_without_judgement_is_kept_as_mentioned()
    {
        var analysis = Analyzer.Analyze("Nous avons pris le petit déjeuner en chambre.");

        var breakfast = Assert.Single(analysis.Topics);
        Assert.Equal("breakfast", breakfast.Topic);
        Assert.Equal(TopicTone.Mentioned, breakfast.Tone);
    }

    [Fact]
    public void Configuration_extends_the_lexicons()
    {
        var analyzer = new CommentAnalyzer(new CommentLexiconOptions
        {
            AdditionalTopics = new Dictionary<string, TopicTerms>
            {
                ["spa"] = new() { Mentions = ["hammam", "massage*"] },
                ["noise"] = new() { Negative = ["boîte de nuit"] },
            },
            AdditionalNegative = ["bof"],
            AdditionalPositive = ["nickel chrome"],
        });

        var spa = analyzer.Analyze("Le hammam, bof.");
        Assert.Contains("spa", spa.Irritants);
        Assert.Equal(Sentiment.Negative, spa.Sentiment);
        Assert.Contains("noise", analyzer.Analyze("Juste au-dessus d'une boîte de nuit").Irritants);
        Assert.Equal(Sentiment.Positive, analyzer.Analyze("Nickel chrome").Sentiment);
        Assert.Contains("spa", analyzer.Topics);
        // The defaults are still there.
        Assert.Contains("cleanliness", analyzer.Analyze("chambre sale").Irritants);
        Assert.Equal(Sentiment.Neutral, Analyzer.Analyze("Le hammam, bof.").Sentiment);
    }

    [Fact]
    public void A_stem_shorter_than_three_letters_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CommentAnalyzer(new CommentLexiconOptions { AdditionalNegative = ["ok*"] }));
        Assert.Contains("ok*", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bruit de la climatisation toute la nuit", null, new[] { "noise" })]
    [InlineData("Attente interminable à la réception", null, new[] { "check-in-wait" })]
    [InlineData("noise", null, new[] { "noise" })]
    [InlineData("check_in_wait", null, new[] { "check-in-wait" })]
    [InlineData("Room rate", null, new[] { "price-value" })]
    [InlineData("", "La douche fuyait et la chambre était sale", new[] { "cleanliness" })]
    [InlineData("autre", null, new[] { "other" })]
    [InlineData(null, null, new[] { "other" })]
    public void Classifies_complaint_motives_like_comments(string? reason, string? comment, string[] expected)
    {
        Assert.Equal(expected, Analyzer.ComplaintMotives(reason, comment));
    }
}

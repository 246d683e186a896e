using CrmFunctions.Core.Matching;

namespace CrmFunctions.Core.Tests.Matching;

public class MatchModelJsonTests
{
    private static MatchModel Trained() => MatchModel.Default with
    {
        Thresholds = new MatchThresholds(22, 14),
        TermFrequencies = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["family_name"] = new Dictionary<string, double> { ["martin"] = 0.02, ["dupont"] = 0.005 },
        },
    };

    [Fact]
    public void A_stored_model_reads_back_with_the_same_weights_and_thresholds()
    {
        var model = Trained();

        var read = MatchModelJson.Read(MatchModelJson.Write(model));

        Assert.Equal(model.Thresholds, read.Thresholds);
        Assert.Equal(model.Fields.Select(f => f.Field), read.Fields.Select(f => f.Field));
        foreach (var (original, copy) in model.Fields.Zip(read.Fields))
            foreach (var (level, p) in original.Probabilities)
                Assert.Equal(p.Weight, copy.Probabilities[level].Weight, 3);
        Assert.Equal(0.02, read.TermFrequencies["family_name"]["martin"]);
    }

    [Fact]
    public void The_stored_model_is_readable_each_level_with_its_weight()
    {
        var json = MatchModelJson.Write(Trained());

        Assert.Contains("\"field\": \"given_name\"", json);
        Assert.Contains("\"weight\":", json);
        Assert.Contains("given_name       exact", MatchModelJson.Describe(Trained()));
    }

    [Fact]
    public void An_unknown_field_is_refused_by_name() =>
        Assert.Contains("'shoe_size'", Assert.Throws<FormatException>(() => MatchModelJson.Read("""{"thresholds":{"autoMerge":20,"review":12},"fields":[{"field":"shoe_size","levels":[]}]}""")).Message);

    [Fact]
    public void A_common_name_in_the_stored_frequencies_needs_more_evidence_than_a_rare_one()
    {
        var frequencies = new StoredTermFrequencies(Trained().TermFrequencies);
        MatchProfile P(string family) => new() { GivenName = "jean", FamilyName = family };

        var common = MatchScorer.Score(Trained(), P("martin"), P("martin"), frequencies).Score;
        var listed = MatchScorer.Score(Trained(), P("dupont"), P("dupont"), frequencies).Score;
        var unlisted = MatchScorer.Score(Trained(), P("zylberstein"), P("zylberstein"), frequencies).Score;

        Assert.True(common < listed);
        Assert.Equal(listed, unlisted, 6);
    }
}

using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Tests.Barometers;

public class SurveyIndicatorTests
{
    [Fact]
    public void Without_answers_there_is_no_score_rather_than_a_zero()
    {
        var nps = Measures.Nps(BarometerAggregate.Empty);
        var csat = Measures.Csat(BarometerAggregate.Empty);

        Assert.Equal(0, nps.N);
        Assert.Null(nps.Score);
        Assert.Null(nps.MarginOfError);
        Assert.Null(csat.SatisfiedPercent);
        Assert.Null(csat.Mean);
    }

    [Fact]
    public void All_promoters_give_an_nps_of_100_with_no_margin()
    {
        // 6 answers, all 9 or 10: pP = 1, pD = 0 → NPS = 100; variance = 1 + 0 − 1² = 0 → margin 0.
        var nps = Measures.Nps(Sample.Total(Sample.NpsAnswers("r", 9, 10, 10, 9, 10, 10)));

        Assert.Equal(100, nps.Score);
        Assert.Equal(0, nps.MarginOfError);
        Assert.Equal(6, nps.Promoters);
    }

    [Fact]
    public void Nps_and_its_margin_of_error_on_a_known_case()
    {
        // n = 100: 50 promoters, 30 passives, 20 detractors.
        // NPS = 50% − 20% = 30. variance = 0.5 + 0.2 − (0.5 − 0.2)² = 0.61;
        // SE = √(0.61 / 100) = 0.078102; margin = 1.96 × 0.078102 × 100 = 15.308 points.
        var scores = Enumerable.Repeat(10, 25).Concat(Enumerable.Repeat(9, 25))
            .Concat(Enumerable.Repeat(8, 15)).Concat(Enumerable.Repeat(7, 15))
            .Concat(Enumerable.Repeat(6, 10)).Concat(Enumerable.Repeat(0, 10)).ToArray();

        var nps = Measures.Nps(Sample.Total(Sample.NpsAnswers("r", scores)));

        Assert.Equal(100, nps.N);
        Assert.Equal((50, 30, 20), (nps.Promoters, nps.Passives, nps.Detractors));
        Assert.Equal(30, nps.Score!.Value, 9);
        Assert.Equal(15.308, nps.MarginOfError!.Value, 3);
    }

    [Fact]
    public void A_skipped_nps_question_is_not_counted_as_a_detractor()
    {
        // 2 promoters + 1 answer without NPS → n = 2, NPS = 100.
        var nps = Measures.Nps(Sample.Total([Sample.Answer("a", nps: 10), Sample.Answer("b", nps: 9), Sample.Answer("c", csat: 2)]));

        Assert.Equal(2, nps.N);
        Assert.Equal(100, nps.Score);
    }

    [Fact]
    public void Csat_is_the_share_of_4_and_5_and_top_box_the_share_of_5()
    {
        // CSAT answers 5, 5, 4, 3, 1: satisfied = 3/5 = 60%; top box = 2/5 = 40%; mean = 18/5 = 3.6.
        var answers = new[] { 5, 5, 4, 3, 1 }.Select((s, i) => Sample.Answer($"c{i}", csat: s));

        var csat = Measures.Csat(Sample.Total(answers));

        Assert.Equal(5, csat.N);
        Assert.Equal(60, csat.SatisfiedPercent!.Value, 9);
        Assert.Equal(40, csat.TopBoxPercent!.Value, 9);
        Assert.Equal(3.6, csat.Mean!.Value, 9);
    }

    [Fact]
    public void Ces_gives_the_mean_and_the_share_of_easy_answers()
    {
        // CES answers 7, 6, 5, 4, 2, 1: easy (5–7) = 3/6 = 50%; mean = 25/6 = 4.1667.
        var answers = new[] { 7, 6, 5, 4, 2, 1 }.Select((s, i) => Sample.Answer($"e{i}", ces: s));

        var ces = Measures.Ces(Sample.Total(answers));

        Assert.Equal(6, ces.N);
        Assert.Equal(50, ces.EasyPercent!.Value, 9);
        Assert.Equal(25.0 / 6, ces.Mean!.Value, 9);
    }

    [Fact]
    public void Response_rate_divides_answers_by_delivered_invitations()
    {
        // 3 answers, 12 invitations delivered → 25%.
        var facts = new BarometerFacts
        {
            Answers = [Sample.Answer("a", nps: 9), Sample.Answer("b"), Sample.Answer("c", csat: 4)],
            Invitations = Enumerable.Range(0, 12).Select(_ => new SurveyInvitation("P1", "leisure", "direct", Sample.Day)).ToList(),
        };

        var rate = Measures.ResponseRate(Sample.Total(facts));

        Assert.Equal(25, rate.Percent!.Value, 9);
    }

    [Fact]
    public void Out_of_range_scores_are_refused_instead_of_skewing_the_figures()
    {
        var error = Assert.Throws<ArgumentException>(() => Sample.Total([Sample.Answer("bad", nps: 11)]));
        Assert.Contains("bad", error.Message);
        Assert.Throws<ArgumentException>(() => Sample.Total([Sample.Answer("bad", csat: 0)]));
        Assert.Throws<ArgumentException>(() => Sample.Total([Sample.Answer("bad", touchpoints: new Dictionary<string, int> { ["room"] = 6 })]));
    }
}

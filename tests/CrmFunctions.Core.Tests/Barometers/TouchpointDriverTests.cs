using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Core.Tests.Barometers;

public class TouchpointDriverTests
{
    private static Dictionary<string, int> Room(int score) => new() { [Touchpoints.Room] = score };

    [Fact]
    public void A_perfect_linear_relation_gives_r_of_1_and_the_slope()
    {
        // room x = 1..5, NPS y = 2x = 2..10. m = 5, Σx = 15, Σy = 30, Σx² = 55, Σy² = 220, Σxy = 110.
        // mΣxy − ΣxΣy = 550 − 450 = 100; mΣx² − (Σx)² = 275 − 225 = 50; mΣy² − (Σy)² = 1100 − 900 = 200.
        // r = 100 / √(50 × 200) = 1; slope = 100 / 50 = 2 NPS points per room point; mean room = 15/5 = 3.
        var answers = Enumerable.Range(1, 5).Select(x => Sample.Answer($"r{x}", nps: 2 * x, touchpoints: Room(x)));

        var room = Measures.Touchpoint(Sample.Total(answers), "Room");

        Assert.Equal(5, room.Pairs);
        Assert.Equal(1.0, room.Correlation);
        Assert.Equal(1.0, room.StandardizedSlope);
        Assert.Equal(2.0, room.Slope);
        Assert.Equal(3.0, room.Mean);
    }

    [Fact]
    public void A_perfect_inverse_relation_gives_r_of_minus_1()
    {
        // y = 10 − 2x: same sums of squares, cross-product term −100 → r = −1, slope = −2.
        var answers = Enumerable.Range(1, 5).Select(x => Sample.Answer($"r{x}", nps: 10 - 2 * x, touchpoints: Room(x)));

        var room = Measures.Touchpoint(Sample.Total(answers), Touchpoints.Room);

        Assert.Equal(-1.0, room.Correlation);
        Assert.Equal(-2.0, room.Slope);
    }

    [Fact]
    public void Without_variance_the_driver_is_undefined_not_NaN()
    {
        // Every guest rated the room 4: mΣx² − (Σx)² = 3 × 48 − 12² = 0, the correlation does not exist.
        var sameScore = new[] { 0, 5, 10 }.Select((y, i) => Sample.Answer($"s{i}", nps: y, touchpoints: Room(4)));
        // Every guest answered NPS 8 while the room varied: no NPS variance either.
        var sameNps = new[] { 1, 3, 5 }.Select((x, i) => Sample.Answer($"n{i}", nps: 8, touchpoints: Room(x)));

        var flatRoom = Measures.Touchpoint(Sample.Total(sameScore), Touchpoints.Room);
        var flatNps = Measures.Touchpoint(Sample.Total(sameNps), Touchpoints.Room);

        Assert.Null(flatRoom.Correlation);
        Assert.Null(flatRoom.Slope);
        Assert.Equal(4.0, flatRoom.Mean);
        Assert.Null(flatNps.Correlation);
        Assert.Equal(3, flatNps.Pairs);
    }

    [Fact]
    public void A_score_without_an_nps_answer_counts_in_the_mean_but_not_in_the_driver()
    {
        // Scores 2 (with NPS 3) and 4 (no NPS): mean = 3 over n = 2, but only 1 pair → no driver.
        var room = Measures.Touchpoint(Sample.Total([
            Sample.Answer("a", nps: 3, touchpoints: Room(2)),
            Sample.Answer("b", touchpoints: Room(4)),
        ]), Touchpoints.Room);

        Assert.Equal(2, room.N);
        Assert.Equal(3.0, room.Mean);
        Assert.Equal(1, room.Pairs);
        Assert.Null(room.Correlation);
    }

    [Fact]
    public void Every_rated_touchpoint_is_listed_including_ones_outside_the_known_list()
    {
        var touchpoints = Measures.Touchpoints(Sample.Total([
            Sample.Answer("a", touchpoints: new Dictionary<string, int> { ["Check-in"] = 5, ["Spa"] = 2 }),
            Sample.Answer("b", touchpoints: new Dictionary<string, int> { ["check-in "] = 3 }),
        ]));

        Assert.Equal(["check-in", "spa"], touchpoints.Select(t => t.Touchpoint).Order());
        Assert.Equal(4.0, touchpoints.Single(t => t.Touchpoint == "check-in").Mean);
    }
}

using CrmFunctions.Core.Matching;

namespace CrmFunctions.Core.Tests.Matching;

public class MatchModelEstimatorTests
{
    private static readonly string[] Given = ["jean", "marie", "pierre", "sophie", "luc", "anne", "paul", "julie", "marc", "claire", "hugo", "lea"];

    // 600 guests, a third of them typed twice: the second record has its birth date wrong one time in five.
    private static List<MatchProfile> Base()
    {
        var random = new Random(5);
        var profiles = new List<MatchProfile>();
        for (var i = 0; i < 600; i++)
        {
            var guest = new MatchProfile
            {
                GivenName = Given[random.Next(Given.Length)],
                FamilyName = new string(Enumerable.Range(0, 7).Select(_ => (char)('a' + random.Next(26))).ToArray()),
                BirthDate = new DateOnly(1940 + random.Next(60), 1 + random.Next(12), 1 + random.Next(28)),
                Postcode = (75001 + random.Next(200)).ToString(),
                Emails = [$"guest{i}@mail.fr"],
            };
            profiles.Add(guest);
            if (i % 3 == 0)
                profiles.Add(guest with { BirthDate = i % 15 == 0 ? guest.BirthDate!.Value.AddYears(3) : guest.BirthDate, Emails = i % 2 == 0 ? guest.Emails : [] });
        }
        return profiles;
    }

    [Fact]
    public void M_is_learnt_from_the_records_and_agreement_on_a_personal_field_counts_for_much()
    {
        var (model, report) = MatchModelEstimator.Estimate(MatchModel.Default, Base());

        var birthDate = model.Fields.Single(f => f.Field == "birth_date").Probabilities;
        Assert.True(report.BlockedPairs > 100);
        Assert.Contains(report.Sessions, session => session.Estimated.Contains("birth_date"));
        // One duplicate in five has a wrong birth date: m(exact) comes out near 0.8, not the default 0.86.
        Assert.InRange(birthDate[Levels.Exact].M, 0.6, 0.95);
        Assert.True(birthDate[Levels.Exact].Weight > 8);
        Assert.True(model.Fields.Single(f => f.Field == "email").Probabilities[Levels.Exact].Weight > 10);
    }

    [Fact]
    public void Estimates_are_bounded_u_has_a_floor_and_no_partial_level_outweighs_exact()
    {
        var options = new EstimationOptions { MinimumU = 1e-4 };
        var (model, _) = MatchModelEstimator.Estimate(MatchModel.Default, Base(), options);

        foreach (var field in model.Fields)
        {
            Assert.All(field.Probabilities.Values, p => Assert.True(p.U >= 1e-4));
            if (!field.Probabilities.TryGetValue(Levels.Exact, out var exact)) continue;
            Assert.All(field.Probabilities.Where(kv => kv.Key != Levels.Exact), kv => Assert.True(kv.Value.Weight <= exact.Weight + 1e-9, field.Field + ":" + kv.Key));
        }
    }

    [Fact]
    public void Loosely_blocked_pairs_skip_blocks_too_large_to_be_telling()
    {
        var profiles = Enumerable.Range(0, 60).Select(i => new MatchProfile { GivenName = "jean", FamilyName = "martin", Emails = [$"j{i}@x.fr"] }).ToList();

        Assert.Empty(MatchModelEstimator.BlockedPairs(profiles, new EstimationOptions { MaxBlockSize = 50 }));
        Assert.Equal(60 * 59 / 2, MatchModelEstimator.BlockedPairs(profiles, new EstimationOptions { MaxBlockSize = 100 }).Count);
    }
}

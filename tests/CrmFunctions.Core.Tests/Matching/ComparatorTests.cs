using CrmFunctions.Core.Matching;

namespace CrmFunctions.Core.Tests.Matching;

public class ComparatorTests
{
    private static MatchProfile P(string given = "", string family = "", DateOnly? dob = null) =>
        new() { GivenName = given, FamilyName = family, BirthDate = dob };

    [Theory]
    [InlineData("william", "bill", Levels.Nickname)]
    [InlineData("elisabeth", "babeth", Levels.Nickname)]
    [InlineData("jean", "jean", Levels.Exact)]
    [InlineData("jean", "jaen", Levels.Close)]
    [InlineData("j", "jean", Levels.Initial)]
    [InlineData("jean", "marie", Levels.Different)]
    public void Given_names_agree_by_level(string a, string b, string level) =>
        Assert.Equal(level, new GivenNameComparator().Compare(P(a, "dupont"), P(b, "dupont")));

    [Theory]
    [InlineData("martin", "jean")]
    [InlineData("martin", "jaen")]
    [InlineData("MARTIN", "Jean")]
    public void Crossed_given_and_family_names_are_compared_crossed(string given, string family)
    {
        var a = P(given.ToLowerInvariant(), family.ToLowerInvariant());
        var b = P("jean", "martin");

        Assert.True(NameAlignment.Of(a, b).Crossed);
        Assert.Equal(Levels.Exact, new GivenNameComparator().Compare(a, b));
        Assert.Contains(new FamilyNameComparator().Compare(a, b), new[] { Levels.Exact, Levels.Close });
    }

    [Fact]
    public void A_swap_never_scores_above_the_same_names_in_order()
    {
        var exact = MatchScorer.Score(MatchModel.Default, P("jean", "martin"), P("jean", "martin")).Score;
        var swapped = MatchScorer.Score(MatchModel.Default, P("martin", "jean"), P("jean", "martin")).Score;

        Assert.True(swapped <= exact);
        Assert.True(swapped > 10);
    }

    [Fact]
    public void Names_that_agree_in_their_order_are_not_read_as_a_swap() =>
        Assert.False(NameAlignment.Of(P("jean", "martin"), P("jean", "martine")).Crossed);

    [Theory]
    [InlineData("marie", "marie christine")]
    [InlineData("jean", "jean pierre")]
    [InlineData("sebastien", "seb")]
    [InlineData("giuseppe", "beppe")]
    [InlineData("johannes", "hannes")]
    [InlineData("francisco", "paco")]
    [InlineData("joao", "joaozinho")]
    [InlineData("willem", "wim")]
    public void A_nickname_or_the_first_of_several_given_names_agrees_as_a_nickname(string a, string b) =>
        Assert.Equal(Levels.Nickname, new GivenNameComparator().Compare(P(a, "dupont"), P(b, "dupont")));

    [Fact]
    public void A_partial_level_never_weighs_more_than_the_exact_one()
    {
        // A rare level with a tiny u would otherwise outweigh agreement itself.
        var model = MatchModel.Default with
        {
            Fields = MatchModel.Default.Fields.Select(f => f.Field != "given_name" ? f : f with
            {
                Probabilities = f.Probabilities.ToDictionary(kv => kv.Key, kv => kv.Key == Levels.Nickname ? kv.Value with { U = 1e-9 } : kv.Value),
            }).ToList(),
        };

        var exact = MatchScorer.Score(model, P("william", "smith"), P("william", "smith")).Comparisons.Single(c => c.Field == "given_name");
        var nickname = MatchScorer.Score(model, P("william", "smith"), P("bill", "smith")).Comparisons.Single(c => c.Field == "given_name");

        Assert.Equal(exact.Weight, nickname.Weight, 6);
    }

    [Fact]
    public void A_double_barrelled_family_name_is_similar_to_one_of_its_parts() =>
        Assert.Equal(Levels.Similar, new FamilyNameComparator().Compare(P("marie", "martin dupont"), P("marie", "dupont")));

    [Theory]
    [InlineData("1980-03-07", "1980-03-07", Levels.Exact)]
    [InlineData("1980-03-07", "1980-07-03", Levels.DayMonthSwapped)]
    [InlineData("1980-03-07", "1981-03-07", Levels.OneEdit)]
    [InlineData("1980-03-07", "1980-03-17", Levels.OneEdit)]
    [InlineData("1980-03-07", "1980-11-07", Levels.OnePartDiffers)]
    [InlineData("1980-03-07", "1975-11-21", Levels.Different)]
    public void Birth_dates_agree_by_level(string a, string b, string level) =>
        Assert.Equal(level, new BirthDateComparator().Compare(P(dob: DateOnly.Parse(a)), P(dob: DateOnly.Parse(b))));

    [Fact]
    public void A_missing_value_is_no_evidence_either_way()
    {
        Assert.Null(new BirthDateComparator().Compare(P(dob: new DateOnly(1980, 1, 1)), P()));
        Assert.Null(SharedValueComparator.Email().Compare(new MatchProfile { Emails = ["a@b.fr"] }, new MatchProfile()));
    }

    [Fact]
    public void External_ids_are_compared_only_within_one_source_system()
    {
        var pms = new MatchProfile { ExternalIds = new Dictionary<string, string> { ["pms"] = "G-1042" } };
        var loyalty = new MatchProfile { ExternalIds = new Dictionary<string, string> { ["loyalty"] = "G-1042" } };
        var typo = new MatchProfile { ExternalIds = new Dictionary<string, string> { ["pms"] = "G-1043" } };

        Assert.Null(new ExternalIdComparator().Compare(pms, loyalty));
        Assert.Equal(Levels.OneEdit, new ExternalIdComparator().Compare(pms, typo));
    }

    [Fact]
    public void A_rare_shared_name_weighs_more_than_a_common_one()
    {
        var model = MatchModel.Default;
        var profiles = Enumerable.Range(0, 200).Select(_ => P("jean", "martin"))
            .Append(P("jean", "zylberstein")).Append(P("anna", "zylberstein")).ToList();
        var frequencies = TermFrequencyTable.Build(profiles, model);

        var common = MatchScorer.Score(model, P("jean", "martin"), P("jean", "martin"), frequencies).Comparisons.Single(c => c.Field == "family_name");
        var rare = MatchScorer.Score(model, P("jean", "zylberstein"), P("jean", "zylberstein"), frequencies).Comparisons.Single(c => c.Field == "family_name");

        Assert.True(rare.Weight > common.Weight + 5);
        Assert.True(rare.TermFrequencyAdjusted);
    }

    private static MatchProfile At(string street, string postcode, string city) => new() { Street = street, Postcode = postcode, City = city };

    [Theory]
    [InlineData("12ruedesrosiers", "75003", "paris", Levels.Exact)]
    [InlineData("12ruedesrosier", "75003", "paris", Levels.Close)]
    [InlineData("12ruedesrosiers", "75011", "paris", Levels.MostlySame)]
    [InlineData("48boulevardvoltaire", "75003", "paris", Levels.OtherStreet)]
    [InlineData("", "75003", "paris", Levels.SameLocality)]
    [InlineData("3placebellecour", "69002", "lyon", Levels.Different)]
    public void The_address_is_compared_as_one_thing(string street, string postcode, string city, string level) =>
        Assert.Equal(level, new AddressComparator().Compare(At("12ruedesrosiers", "75003", "paris"), At(street, postcode, city)));

    [Fact]
    public void One_shared_home_counts_once_not_once_per_part()
    {
        var home = At("12ruedesrosiers", "75003", "paris");
        var address = MatchScorer.Score(MatchModel.Default, home, home);

        Assert.Single(address.Comparisons);
        Assert.InRange(address.Score, 10, 16);
    }
}

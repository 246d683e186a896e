using CrmFunctions.Core.Matching;

namespace CrmFunctions.Core.Tests.Matching;

public class StringSimilarityTests
{
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.9611)]
    [InlineData("DWAYNE", "DUANE", 0.8400)]
    [InlineData("DIXON", "DICKSONX", 0.8133)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.8963)]
    [InlineData("dupont", "dupont", 1.0)]
    [InlineData("abc", "xyz", 0.0)]
    public void Jaro_Winkler_gives_the_published_values(string a, string b, double expected) =>
        Assert.Equal(expected, StringSimilarity.JaroWinkler(a, b), 4);

    [Theory]
    [InlineData("jean", "jaen", 1)]
    [InlineData("dupont", "dupond", 1)]
    [InlineData("martin", "martine", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_a_swap_of_neighbours_as_one_slip(string a, string b, int expected) =>
        Assert.Equal(expected, StringSimilarity.EditDistance(a, b));

    [Theory]
    [InlineData("robert", "R163")]
    [InlineData("rupert", "R163")]
    [InlineData("ashcraft", "A261")]
    [InlineData("tymczak", "T522")]
    [InlineData("pfister", "P236")]
    [InlineData("dupont", "D153")]
    [InlineData("dupond", "D153")]
    public void Soundex_puts_names_that_sound_alike_together(string name, string code) =>
        Assert.Equal(code, StringSimilarity.Soundex(name));
}

using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Normalization;

public class NameNormalizerTests
{
    [Theory]
    [InlineData("MÜLLER", true, "Müller")]
    [InlineData("DE LA TOUR", true, "de la Tour")]
    [InlineData("o'neil", true, "O'Neil")]
    [InlineData("MCDONALD", true, "McDonald")]
    [InlineData("MACDONALD", true, "MacDonald")]
    [InlineData("MACK", true, "Mack")]
    [InlineData("VAN DER BERG", true, "van der Berg")]
    [InlineData("D'ARTAGNAN", true, "d'Artagnan")]
    [InlineData("jean-luc", false, "Jean-Luc")]
    [InlineData("MARIE-ÈVE", false, "Marie-Ève")]
    [InlineData("DiCaprio", true, "DiCaprio")]
    [InlineData("de Gaulle", true, "de Gaulle")]
    public void Names_are_cased_the_way_they_are_written(string typed, bool isFamily, string expected) =>
        Assert.Equal(expected, NameNormalizer.CaseName(typed, isFamily));

    [Fact]
    public void Given_and_family_names_are_cleaned_and_cased()
    {
        var name = NameNormalizer.Normalize(null, "  jean-luc  ", "DE   LA TOUR");

        Assert.Equal("Jean-Luc", name.GivenName);
        Assert.Equal("de la Tour", name.FamilyName);
    }

    [Fact]
    public void Full_width_and_compatibility_characters_are_unified()
    {
        var name = NameNormalizer.Normalize(null, "Ｊｅａｎ", "Dupont");
        Assert.Equal("Jean", name.GivenName);
    }

    [Theory]
    [InlineData(null, "Mme Sophie", "Martin", "Mme", "Sophie")]
    [InlineData(null, "M. Pierre", "Durand", "M.", "Pierre")]
    [InlineData(null, "Dr. Hans", "Weber", "Dr", "Hans")]
    [InlineData(null, "Herr Klaus", "Schmidt", "Herr", "Klaus")]
    [InlineData(null, "Sra. Carmen", "García", "Sra", "Carmen")]
    [InlineData("mrs.", "Mary", "Smith", "Mrs", "Mary")]
    [InlineData("Mlle", "Léa", "Petit", "Mlle", "Léa")]
    [InlineData("Frau", "Ursula", "Becker", "Frau", "Ursula")]
    public void Honorifics_are_split_out_of_names(string? title, string given, string family, string expectedTitle, string expectedGiven)
    {
        var name = NameNormalizer.Normalize(title, given, family);

        Assert.Equal(expectedTitle, name.Title);
        Assert.Equal(expectedGiven, name.GivenName);
    }

    [Fact]
    public void A_name_that_is_only_an_honorific_word_is_kept_as_a_name()
    {
        var name = NameNormalizer.Normalize(null, "Paul", "Herr");
        Assert.Equal("Herr", name.FamilyName);
        Assert.Null(name.Title);
    }

    [Fact]
    public void A_family_name_in_capitals_in_the_given_name_field_is_swapped_back()
    {
        var name = NameNormalizer.Normalize(null, "DUPONT", "Jean");

        Assert.Equal("Jean", name.GivenName);
        Assert.Equal("Dupont", name.FamilyName);
    }

    [Fact]
    public void A_given_name_typed_in_capitals_is_not_mistaken_for_a_family_name()
    {
        var name = NameNormalizer.Normalize(null, "JEAN", "Dupont");

        Assert.Equal("Jean", name.GivenName);
        Assert.Equal("Dupont", name.FamilyName);
    }

    [Theory]
    [InlineData("DUPONT Jean", "Jean", "Dupont")]
    [InlineData("Jean DUPONT", "Jean", "Dupont")]
    [InlineData("Jean de la Tour", "Jean", "de la Tour")]
    [InlineData("Anne Sophie Martin", "Anne Sophie", "Martin")]
    public void A_full_name_in_one_field_is_split(string full, string given, string family)
    {
        var name = NameNormalizer.Normalize(null, full, null);

        Assert.Equal(given, name.GivenName);
        Assert.Equal(family, name.FamilyName);
    }

    [Fact]
    public void Matching_keys_fold_accents_case_and_punctuation()
    {
        var a = NameNormalizer.Normalize(null, "Hélène", "O'Neil-Müller");
        var b = NameNormalizer.Normalize(null, "HELENE", "ONEIL MULLER");

        Assert.Equal("helene", a.GivenKey);
        Assert.Equal(a.GivenKey, b.GivenKey);
        Assert.Equal(a.FamilyKey, b.FamilyKey);
        Assert.Equal("Hélène", a.GivenName);
    }
}

using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Normalization;

public class AddressTests
{
    [Theory]
    [InlineData("Allemagne", "DE")]
    [InlineData("Deutschland", "DE")]
    [InlineData("germany", "DE")]
    [InlineData("DEU", "DE")]
    [InlineData("de", "DE")]
    [InlineData("Österreich", "AT")]
    [InlineData("Royaume-Uni", "GB")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("Pays-Bas", "NL")]
    [InlineData("the Netherlands", "NL")]
    [InlineData("España", "ES")]
    [InlineData("Suisse", "CH")]
    [InlineData("Schweiz", "CH")]
    [InlineData("États-Unis", "US")]
    [InlineData("Belgique", "BE")]
    [InlineData("Lëtzebuerg", "LU")]
    public void Country_names_and_codes_resolve_to_ISO_alpha2(string typed, string code) =>
        Assert.Equal(code, Countries.ToAlpha2(typed));

    [Fact]
    public void Unknown_countries_do_not_resolve() => Assert.Null(Countries.ToAlpha2("Atlantis"));

    [Theory]
    [InlineData("FR", "75008", "75008")]
    [InlineData("NL", "1012ab", "1012 AB")]
    [InlineData("GB", "sw1a1aa", "SW1A 1AA")]
    [InlineData("GB", "EC1A 1BB", "EC1A 1BB")]
    [InlineData("CA", "k1a0b1", "K1A 0B1")]
    [InlineData("PT", "1000001", "1000-001")]
    [InlineData("LU", "L-1234", "1234")]
    [InlineData("MC", "98000", "98000")]
    [InlineData("ES", "28013", "28013")]
    [InlineData("IE", "d02x285", "D02 X285")]
    [InlineData("US", "10001-1234", "10001-1234")]
    [InlineData("DE", "10115", "10115")]
    [InlineData("CH", "8001", "8001")]
    public void Postcodes_are_checked_and_put_in_the_post_office_format(string country, string typed, string expected)
    {
        var result = Postcodes.Normalize(typed, country);
        Assert.Equal(expected, result.Postcode);
    }

    [Theory]
    [InlineData("FR", "7508")]
    [InlineData("DE", "1011")]
    [InlineData("MC", "06000")]
    [InlineData("ES", "60000")]
    [InlineData("NL", "0123 AB")]
    [InlineData("BE", "10000")]
    public void Postcodes_of_the_wrong_shape_are_rejected(string country, string typed)
    {
        var result = Postcodes.Normalize(typed, country);

        Assert.False(result.IsValid);
        Assert.StartsWith("invalid-format", result.Reason);
    }

    [Theory]
    [InlineData("SAINT-ETIENNE", "Saint-Etienne")]
    [InlineData("aix-en-provence", "Aix-en-Provence")]
    [InlineData("LE HAVRE", "Le Havre")]
    [InlineData("FRANKFURT AM MAIN", "Frankfurt am Main")]
    [InlineData("New York", "New York")]
    public void Cities_are_cased(string typed, string expected) =>
        Assert.Equal(expected, AddressNormalizer.CaseCity(typed));

    [Fact]
    public void Street_abbreviations_meet_their_full_spelling()
    {
        Assert.Equal(AddressNormalizer.StreetKey("12 rue de la Paix"), AddressNormalizer.StreetKey("12 R. de la PAIX"));
        Assert.Equal(AddressNormalizer.StreetKey("5 Avenue Foch"), AddressNormalizer.StreetKey("5 av Foch"));
    }
}

using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Normalization;

public class PhoneNormalizerTests
{
    [Theory]
    // France: trunk 0, 00 and + forms, (0) inside international numbers, dots
    [InlineData("FR", "06 12 34 56 78", "+33612345678", PhoneLineType.Mobile)]
    [InlineData("FR", "07.81.23.45.67", "+33781234567", PhoneLineType.Mobile)]
    [InlineData("FR", "01 42 68 53 00", "+33142685300", PhoneLineType.Fixed)]
    [InlineData("FR", "0033 6 12 34 56 78", "+33612345678", PhoneLineType.Mobile)]
    [InlineData("FR", "+33 (0)1 42 68 53 00", "+33142685300", PhoneLineType.Fixed)]
    [InlineData("FR", "+33 06 12 34 56 78", "+33612345678", PhoneLineType.Mobile)]
    // Belgium: mobiles have 9 digits, fixed lines 8
    [InlineData("BE", "0470 12 34 56", "+32470123456", PhoneLineType.Mobile)]
    [InlineData("BE", "02 512 34 56", "+3225123456", PhoneLineType.Fixed)]
    [InlineData("BE", "+32 (0)2 512 34 56", "+3225123456", PhoneLineType.Fixed)]
    // Switzerland
    [InlineData("CH", "079 123 45 67", "+41791234567", PhoneLineType.Mobile)]
    [InlineData("CH", "044 668 18 00", "+41446681800", PhoneLineType.Fixed)]
    [InlineData("CH", "0041 44 668 18 00", "+41446681800", PhoneLineType.Fixed)]
    // Luxembourg: no trunk prefix, fixed numbers of varying length
    [InlineData("LU", "621 123 456", "+352621123456", PhoneLineType.Mobile)]
    [InlineData("LU", "27 12 34 56", "+35227123456", PhoneLineType.Fixed)]
    [InlineData("LU", "+352 621 123 456", "+352621123456", PhoneLineType.Mobile)]
    // Monaco
    [InlineData("MC", "+377 6 12 34 56 78", "+377612345678", PhoneLineType.Mobile)]
    [InlineData("MC", "93 15 26 00", "+37793152600", PhoneLineType.Fixed)]
    // Germany: variable lengths
    [InlineData("DE", "0151 23456789", "+4915123456789", PhoneLineType.Mobile)]
    [InlineData("DE", "030 12345678", "+493012345678", PhoneLineType.Fixed)]
    [InlineData("DE", "+49 (0)30 12345678", "+493012345678", PhoneLineType.Fixed)]
    [InlineData("DE", "0049-89-1234567", "+49891234567", PhoneLineType.Fixed)]
    // Austria
    [InlineData("AT", "0664 1234567", "+436641234567", PhoneLineType.Mobile)]
    [InlineData("AT", "01 5123456", "+4315123456", PhoneLineType.Fixed)]
    [InlineData("AT", "+43 (0)1 5123456", "+4315123456", PhoneLineType.Fixed)]
    // Spain: no trunk prefix
    [InlineData("ES", "612 34 56 78", "+34612345678", PhoneLineType.Mobile)]
    [InlineData("ES", "91 123 45 67", "+34911234567", PhoneLineType.Fixed)]
    [InlineData("ES", "0034 612 345 678", "+34612345678", PhoneLineType.Mobile)]
    // Italy: the leading 0 of fixed lines stays in E.164
    [InlineData("IT", "06 1234 5678", "+390612345678", PhoneLineType.Fixed)]
    [InlineData("IT", "347 123 4567", "+393471234567", PhoneLineType.Mobile)]
    [InlineData("IT", "+39 06 1234 5678", "+390612345678", PhoneLineType.Fixed)]
    // Portugal
    [InlineData("PT", "912 345 678", "+351912345678", PhoneLineType.Mobile)]
    [InlineData("PT", "21 123 4567", "+351211234567", PhoneLineType.Fixed)]
    [InlineData("PT", "00351 912 345 678", "+351912345678", PhoneLineType.Mobile)]
    // Netherlands
    [InlineData("NL", "06 12345678", "+31612345678", PhoneLineType.Mobile)]
    [InlineData("NL", "020 123 4567", "+31201234567", PhoneLineType.Fixed)]
    [InlineData("NL", "+31 (0)20 123 4567", "+31201234567", PhoneLineType.Fixed)]
    // United Kingdom
    [InlineData("GB", "07911 123456", "+447911123456", PhoneLineType.Mobile)]
    [InlineData("GB", "020 7946 0958", "+442079460958", PhoneLineType.Fixed)]
    [InlineData("GB", "+44 (0)20 7946 0958", "+442079460958", PhoneLineType.Fixed)]
    [InlineData("GB", "0044 7911 123456", "+447911123456", PhoneLineType.Mobile)]
    // Ireland
    [InlineData("IE", "087 123 4567", "+353871234567", PhoneLineType.Mobile)]
    [InlineData("IE", "01 234 5678", "+35312345678", PhoneLineType.Fixed)]
    [InlineData("IE", "+353 (0)1 234 5678", "+35312345678", PhoneLineType.Fixed)]
    // North America: trunk 1, 011 international prefix, no mobile/fixed distinction
    [InlineData("US", "(212) 555-0123", "+12125550123", PhoneLineType.FixedOrMobile)]
    [InlineData("US", "1-212-555-0123", "+12125550123", PhoneLineType.FixedOrMobile)]
    [InlineData("US", "+1 212 555 0123", "+12125550123", PhoneLineType.FixedOrMobile)]
    [InlineData("US", "011 33 6 12 34 56 78", "+33612345678", PhoneLineType.Mobile)]
    [InlineData("CA", "(416) 555-0123", "+14165550123", PhoneLineType.FixedOrMobile)]
    // Australia: 0011 international prefix
    [InlineData("AU", "0412 345 678", "+61412345678", PhoneLineType.Mobile)]
    [InlineData("AU", "(02) 9876 5432", "+61298765432", PhoneLineType.Fixed)]
    [InlineData("AU", "+61 (0)2 9876 5432", "+61298765432", PhoneLineType.Fixed)]
    [InlineData("AU", "0011 61 412 345 678", "+61412345678", PhoneLineType.Mobile)]
    public void Numbers_as_typed_become_E164_with_their_line_type(string country, string typed, string e164, PhoneLineType type)
    {
        var result = PhoneNormalizer.Normalize(typed, country);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(e164, result.Phone!.E164);
        Assert.Equal(type, result.Phone.LineType);
    }

    [Theory]
    [InlineData("FR", "06 12 34 56")]
    [InlineData("FR", "06 12 34 56 78 9")]
    [InlineData("BE", "0470 12 34 5")]
    [InlineData("CH", "044 668 18")]
    [InlineData("CH", "01 234 56 78")]
    [InlineData("LU", "621 123 4567")]
    [InlineData("DE", "0151 234")]
    [InlineData("ES", "612 34 56")]
    [InlineData("IT", "347 12")]
    [InlineData("PT", "912 345 67")]
    [InlineData("NL", "06 1234567")]
    [InlineData("GB", "07700 90012")]
    [InlineData("IE", "087 123 456")]
    [InlineData("US", "212 555 012")]
    [InlineData("AU", "0412 345 67")]
    [InlineData("FR", "+33 6 12 34 56 78 90")]
    public void A_number_its_plan_refuses_cannot_be_called_and_says_why(string country, string typed)
    {
        var result = PhoneNormalizer.Normalize(typed, country);

        Assert.False(result.IsValid);
        Assert.Contains(result.Reason, new[] { "too-short", "too-long", "invalid-length", "invalid-number" });
    }

    [Theory]
    [InlineData("FR", "06 12 AB 56 78", "contains-letters")]
    [InlineData("FR", "06#12#34#56#78", "invalid-characters")]
    [InlineData(null, "06 12 34 56 78", "no-country")]
    public void What_is_not_a_number_is_rejected_with_a_reason_and_no_key(string? country, string typed, string reason)
    {
        var result = PhoneNormalizer.Normalize(typed, country);

        Assert.Equal(reason, result.Reason);
        Assert.Null(result.MatchKey);
    }

    [Theory]
    [InlineData("CH", "01 234 56 78", "CH", "+41 1 234 56 78")]
    [InlineData("FR", "06 12 34 56 78 9", null, "0033 6 12 34 56 78 9")]
    [InlineData("FR", "0612 345 67", "FR", "+33 (0)6 12 34 56 7")]
    public void An_invalid_number_typed_the_same_in_two_forms_has_one_matching_key(string countryA, string typedA, string? countryB, string typedB)
    {
        var a = PhoneNormalizer.Normalize(typedA, countryA);
        var b = PhoneNormalizer.Normalize(typedB, countryB);

        Assert.False(a.IsValid);
        Assert.NotNull(a.MatchKey);
        Assert.Equal(a.MatchKey, b.MatchKey);
    }

    [Fact]
    public void North_American_numbers_are_filed_under_Canada_by_area_code()
    {
        Assert.Equal("CA", PhoneNormalizer.Normalize("+1 416 555 0123", "FR").Phone!.Country);
        Assert.Equal("US", PhoneNormalizer.Normalize("+1 212 555 0123", "FR").Phone!.Country);
    }

    [Fact]
    public void An_international_number_ignores_the_contact_country()
    {
        var result = PhoneNormalizer.Normalize("+41 79 123 45 67", "FR");

        Assert.Equal("+41791234567", result.Phone!.E164);
        Assert.Equal("CH", result.Phone.Country);
    }

    [Fact]
    public void A_number_of_any_country_gets_its_country_and_line_type()
    {
        var result = PhoneNormalizer.Normalize("+81 3 1234 5678", "FR");

        Assert.Equal("+81312345678", result.Phone!.E164);
        Assert.Equal("JP", result.Phone.Country);
        Assert.Equal(PhoneLineType.Fixed, result.Phone.LineType);
    }
}

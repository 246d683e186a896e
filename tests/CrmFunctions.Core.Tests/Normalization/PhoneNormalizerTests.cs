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
    [InlineData("BE", "02 123 45 67", "+3221234567", PhoneLineType.Fixed)]
    [InlineData("BE", "+32 (0)2 123 45 67", "+3221234567", PhoneLineType.Fixed)]
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
    [InlineData("GB", "07700 900123", "+447700900123", PhoneLineType.Mobile)]
    [InlineData("GB", "020 7946 0958", "+442079460958", PhoneLineType.Fixed)]
    [InlineData("GB", "+44 (0)20 7946 0958", "+442079460958", PhoneLineType.Fixed)]
    [InlineData("GB", "0044 7700 900123", "+447700900123", PhoneLineType.Mobile)]
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
    [InlineData("FR", "06 12 34 56", "too-short")]
    [InlineData("FR", "06 12 34 56 78 9", "too-long")]
    [InlineData("BE", "0470 12 34 5", "too-short")]
    [InlineData("CH", "044 668 18", "too-short")]
    [InlineData("CH", "01 234 56 78", "invalid-prefix")]
    [InlineData("LU", "621 123 4567", "too-long")]
    [InlineData("MC", "93 15 26", "too-short")]
    [InlineData("DE", "0151 234", "too-short")]
    [InlineData("AT", "0664 12", "too-short")]
    [InlineData("ES", "612 34 56", "too-short")]
    [InlineData("IT", "347 12", "too-short")]
    [InlineData("PT", "912 345 67", "too-short")]
    [InlineData("NL", "06 1234567", "too-short")]
    [InlineData("GB", "07700 90012", "too-short")]
    [InlineData("IE", "087 123 456", "too-short")]
    [InlineData("US", "212 555 012", "too-short")]
    [InlineData("AU", "0412 345 67", "too-short")]
    [InlineData("FR", "+33 6 12 34 56 78 90", "too-long")]
    [InlineData("FR", "06 12 AB 56 78", "contains-letters")]
    [InlineData("FR", "06#12#34#56#78", "invalid-characters")]
    [InlineData(null, "06 12 34 56 78", "no-country")]
    public void Wrong_numbers_are_rejected_with_a_reason(string? country, string typed, string reason)
    {
        var result = PhoneNormalizer.Normalize(typed, country);

        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
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
    public void A_number_of_a_country_outside_the_plans_is_kept_in_E164_without_line_type()
    {
        var result = PhoneNormalizer.Normalize("+81 3 1234 5678", "FR");

        Assert.Equal("+81312345678", result.Phone!.E164);
        Assert.Equal(PhoneLineType.Unknown, result.Phone.LineType);
    }
}

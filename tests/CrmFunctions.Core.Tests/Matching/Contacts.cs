using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Matching;

/// <summary>Builds normalized contacts the way the pipeline does.</summary>
internal static class Contacts
{
    private static readonly ContactNormalizer Normalizer = new(new NormalizationOptions { DefaultCountry = "FR", Today = new DateOnly(2025, 6, 15) });
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static NormalizedContact Make(
        string recordId,
        string? given = null,
        string? family = null,
        string? email = null,
        string? phone = null,
        DateOnly? birthDate = null,
        string? postcode = null,
        string? street = null,
        string? city = null,
        string source = "pms",
        int day = 0,
        string? pmsId = null) =>
        Normalizer.Normalize(
            new ContactInput
            {
                GivenName = given,
                FamilyName = family,
                Emails = email is null ? null : [email],
                Phones = phone is null ? null : [phone],
                BirthDate = birthDate,
                Address = postcode is null && street is null && city is null ? null : new PostalAddress { PostalCode = postcode, Street = street, City = city },
                ExternalIds = pmsId is null ? null : new Dictionary<string, string> { ["pms"] = pmsId },
            },
            new ContactOrigin(source, recordId, Start.AddDays(day)));
}

using System.Net;
using System.Text.Json.Nodes;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.Configuration;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Privacy;

/// <summary>Guests with stays sent through the contacts API, and the operator's view of their settings.</summary>
public static class PrivacyTestData
{
    /// <summary>A French mobile no other test uses: its eight digits after the "06".</summary>
    public static string NewMobileDigits() => Random.Shared.Next(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"06 12 34 56 78": as a front desk types it.</summary>
    public static string National(string digits) => $"06 {digits[..2]} {digits[2..4]} {digits[4..6]} {digits[6..]}";

    /// <summary>"+33 6 12 34 56 78": as a web form sends it.</summary>
    public static string International(string digits) => $"+33 6 {digits[..2]} {digits[2..4]} {digits[4..6]} {digits[6..]}";

    public static JsonObject GuestWithStay(string? email, string? phone, string property, string reservation) => new()
    {
        ["givenName"] = "Jane",
        ["familyName"] = "Doe",
        ["emails"] = email is null ? null : new JsonArray(email),
        ["phones"] = phone is null ? null : new JsonArray(phone),
        ["stay"] = new JsonObject
        {
            ["propertyId"] = property,
            ["reservationId"] = reservation,
            ["arrival"] = "2026-11-16",
            ["departure"] = "2026-11-18",
        },
    };

    public static async Task PostContactsAsync(HttpClient client, params JsonObject[] contacts)
    {
        var body = new JsonObject { ["source"] = "pms", ["contacts"] = new JsonArray(contacts) };
        var response = await client.PostAsync("/api/contacts", Signing.Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The stays the barometers count at the property in week 47.</summary>
    public static async Task<long> StaysCountedAsync(HttpClient client, string property) =>
        (long)(await GetAsync(client, $"/api/barometers/complaints?period=week&date=2026-11-18&property={property}"))["stays"]!;

    /// <summary>What an operator's command line reads: storage, the deployment's secret and default country.</summary>
    public static IConfiguration OperatorSettings(AzuriteFixture azurite) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrmStorage"] = azurite.ConnectionString,
            ["Privacy:KeySecret"] = CrmAppFactory.GuestKeySecret,
            ["Pipeline:DefaultCountry"] = "FR",
        })
        .Build();
}

using System.Net;
using System.Text.RegularExpressions;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Dashboard;

/// <summary>The dashboard page and its assets come from the app itself, with no outside reference and a strict policy.</summary>
public sealed partial class DashboardEndpointTests(AzuriteFixture azurite) : AppTest(azurite)
{
    [Fact]
    public async Task The_page_is_html_whose_script_and_style_are_served_by_the_app()
    {
        using var response = await Client.GetAsync("/api/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("{{", html);
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Equal(3, assets.Count);
        foreach (var asset in assets)
        {
            Assert.DoesNotContain("//", asset);
            using var file = await Client.GetAsync(new Uri(new Uri(Client.BaseAddress!, "/api/dashboard"), asset));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            var type = Path.GetExtension(asset.Split('?')[0]) switch { ".js" => "text/javascript", ".css" => "text/css", _ => "image/svg+xml" };
            Assert.Equal(type, file.Content.Headers.ContentType?.MediaType);
            Assert.NotEmpty(await file.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Asset_urls_change_with_their_content_and_an_unchanged_asset_answers_304()
    {
        using var first = await Client.GetAsync("/api/dashboard/assets/dashboard.js");
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/assets/dashboard.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var again = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        var html = await Client.GetStringAsync("/api/dashboard");
        Assert.Contains("dashboard.js?v=", html);
    }

    [Fact]
    public async Task An_unknown_asset_is_a_404_problem()
    {
        foreach (var name in new[] { "nothing.js", "index.html" })
        {
            using var response = await Client.GetAsync($"/api/dashboard/assets/{name}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_key_sent_in_the_header_is_handed_to_the_page_html_encoded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
        request.Headers.Add("x-functions-key", "k\"><script>alert(1)</script>");
        using var response = await Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<meta name=\"functions-key\" content=\"k&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">", html);
        Assert.DoesNotContain("<script>alert", html);
        var plain = await Client.GetStringAsync("/api/dashboard");
        Assert.Contains("<meta name=\"functions-key\" content=\"\">", plain);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>dashboard/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();
}

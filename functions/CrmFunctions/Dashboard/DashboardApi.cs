using System.Net;
using System.Text;

namespace CrmFunctions.Dashboard;

/// <summary>The barometer dashboard: one HTML page and its script and style sheet, all served by the app.</summary>
public static class DashboardApi
{
    public const string FunctionKeyHeader = "x-functions-key";

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", GetPage)
            .WithName("GetDashboard")
            .WithTags("Barometers")
            .WithSummary("The barometer dashboard (HTML): tiles, scorecard per property, drivers, complaints, alerts")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        app.MapGet("/api/dashboard/assets/{name}", GetAsset)
            .WithName("GetDashboardAsset")
            .WithTags("Barometers")
            .WithSummary("A script or style sheet of the dashboard (no data)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult GetPage(HttpContext context, DashboardAssets assets)
    {
        // A page opened with the key in a header (not in its URL) cannot read that header from script: hand the
        // key to the page so its API calls authenticate the same way. It is the caller's own key, sent back to them.
        var key = context.Request.Headers[FunctionKeyHeader].FirstOrDefault() ?? "";
        var version = string.Concat(assets.Names.Order(StringComparer.Ordinal).Select(n => assets.Find(n)!.ETag.Trim('"')))[..16];
        var html = Encoding.UTF8.GetString(assets.Page.Content)
            .Replace("{{version}}", version, StringComparison.Ordinal)
            .Replace("{{key}}", WebUtility.HtmlEncode(key), StringComparison.Ordinal);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Content-Security-Policy"] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Text(html, assets.Page.ContentType);
    }

    private static IResult GetAsset(string name, HttpContext context, DashboardAssets assets)
    {
        if (name == "index.html" || assets.Find(name) is not { } asset)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown asset",
                detail: $"The dashboard has no asset '{name}'.", type: Ingest.Problems.TypeBase + "not-found");
        // The page names assets with a version of their content, so a cached copy is never stale.
        context.Response.Headers.CacheControl = "public, max-age=86400";
        context.Response.Headers.ETag = asset.ETag;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}

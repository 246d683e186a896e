using CrmFunctions.Hosting;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmFunctions.Tests.Hosting;

/// <summary>Each HTTP function in the registry (and so in function.json) is served by the app, and nothing under /api is left out.</summary>
public sealed class RegistryEndpointTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Http_functions_of_the_registry_match_the_api_endpoints()
    {
        using var factory = new CrmAppFactory(azurite);
        using var _ = factory.CreateClient();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/api/openapi/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order()
            .ToList();
        var registered = factory.Services.GetRequiredService<FunctionRegistry>().HttpFunctions
            .Where(f => f.Name != "GetOpenApi")
            .SelectMany(f => ((HttpTrigger)f.Trigger).Methods.Select(m => $"{m.ToUpperInvariant()} /api/{((HttpTrigger)f.Trigger).Route}"))
            .Order()
            .ToList();

        Assert.Equal(registered, endpoints);
    }
}

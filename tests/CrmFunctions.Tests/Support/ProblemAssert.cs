using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CrmFunctions.Tests.Support;

public static class ProblemAssert
{
    /// <summary>Asserts a 400 application/problem+json and gives the fields its "errors" name.</summary>
    public static async Task<IReadOnlyList<string>> BadRequestFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return problem["errors"]!.AsObject().Select(e => e.Key).ToList();
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CrmFunctions.Infra.Tests;

/// <summary>A role assignment as deployed: at which resource, which role, to whom (an expression when it is an identity's).</summary>
public sealed record RoleAssignment(string Scope, string RoleDefinitionId, string PrincipalId);

/// <summary>
/// The resources <c>bicep snapshot</c> predicts for a deployment: modules expanded, loops unrolled, conditions that
/// depend on parameters decided, names and ids computed. What only exists once deployed (a principal id, an
/// endpoint) stays an ARM expression.
/// </summary>
public sealed partial class Snapshot(IReadOnlyList<JsonObject> resources)
{
    public IReadOnlyList<JsonObject> Resources { get; } = resources;

    public static Snapshot Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path))!["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList());

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type) => OfType(type) switch
    {
        [var only] => only,
        var found => throw new InvalidOperationException($"{found.Count} resources of type {type}, expected one"),
    };

    public static string Name(JsonObject resource) => (string)resource["name"]!;

    public static string Id(JsonObject resource) => (string)resource["id"]!;

    /// <summary>The last segment of each name: the queue, table or container itself.</summary>
    public IReadOnlyList<string> ChildNames(string type) => OfType(type).Select(r => Name(r).Split('/')[^1]).ToList();

    /// <summary>The app settings of the function app (its <c>appsettings</c> config resource).</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        OfType("Microsoft.Web/sites/config").Single(r => Name(r).EndsWith("/appsettings", StringComparison.Ordinal))["properties"]!
            .AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);

    public IReadOnlyList<RoleAssignment> RoleAssignments =>
        OfType("Microsoft.Authorization/roleAssignments").Select(r => new RoleAssignment(
            ScopeOf(Id(r)),
            ((string)r["properties"]!["roleDefinitionId"]!).Split('/')[^1],
            (string)r["properties"]!["principalId"]!)).ToList();

    /// <summary>
    /// An assignment's id is <c>{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}</c>, or while its
    /// name waits for a principal id, <c>[extensionResourceId('{scope}', 'Microsoft.Authorization/roleAssignments', ...)]</c>.
    /// </summary>
    private static string ScopeOf(string id) => AssignmentScope().Match(id) is { Success: true } m
        ? m.Groups["expression"].Success ? m.Groups["expression"].Value : m.Groups["id"].Value
        : throw new FormatException("no scope in " + id);

    [GeneratedRegex(@"^(\[extensionResourceId\('(?<expression>[^']+)'|(?<id>/.+)/providers/Microsoft\.Authorization/roleAssignments/[^/]+$)")]
    private static partial Regex AssignmentScope();
}

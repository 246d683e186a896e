using System.Text.Json.Nodes;

namespace CrmFunctions.Infra.Tests;

/// <summary>One error, warning or note of the compiler or its linter.</summary>
public sealed record BicepDiagnostic(string RuleId, string Level, string Message, string Location)
{
    public override string ToString() => $"{Location}: {Level} {RuleId}: {Message}";

    /// <summary>The diagnostics of a run asked for in SARIF (build writes them to stderr, lint to stdout).</summary>
    public static IReadOnlyList<BicepDiagnostic> Of(BicepRun run)
    {
        var sarif = new[] { run.Output, run.Errors }.FirstOrDefault(text => text.TrimStart().StartsWith('{'));
        if (sarif is null)
            return [];
        return JsonNode.Parse(sarif)!["runs"]!.AsArray()
            .SelectMany(r => r!["results"]?.AsArray() ?? [])
            .Select(r => new BicepDiagnostic(
                (string?)r!["ruleId"] ?? "",
                (string?)r["level"] ?? "warning",
                (string?)r["message"]?["text"] ?? "",
                LocationOf(r["locations"]?[0]?["physicalLocation"])))
            .ToList();
    }

    private static string LocationOf(JsonNode? location) =>
        location is null ? "" : $"{Path.GetFileName((string?)location["artifactLocation"]?["uri"])}({location["region"]?["startLine"]})";
}

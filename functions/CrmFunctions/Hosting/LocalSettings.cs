using System.Text.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace CrmFunctions.Hosting;

/// <summary>
/// Standalone mode reads the "Values" of local.settings.json, like the Functions tooling does, so one
/// file configures both ways of running locally. Lowest precedence: environment variables still win.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    /// <summary>
    /// "off" skips the file: the test suites run the app from inside a clone, where a developer's own
    /// local.settings.json (an API key, quiet hours) must not change what the tests see.
    /// </summary>
    public const string SwitchVariable = "CRM_LOCAL_SETTINGS";

    public static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    public static IReadOnlyDictionary<string, string?> ReadValues(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
            foreach (var property in section.EnumerateObject())
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] =
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
        return values;
    }

    public static void AddTo(IConfigurationBuilder configuration, string startDirectory)
    {
        if (Environment.GetEnvironmentVariable(SwitchVariable) == "off" || Find(startDirectory) is not { } path)
            return;
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = ReadValues(path) });
    }
}

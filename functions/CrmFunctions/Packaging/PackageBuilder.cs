using System.IO.Compression;
using System.Text.Json;
using CrmFunctions.Hosting;

namespace CrmFunctions.Packaging;

/// <summary>
/// Lays out the Functions deployment package around a published handler: host.json at the root,
/// one folder per function with its generated function.json, then the zip.
/// </summary>
public static class PackageBuilder
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyList<string> WriteFunctionFolders(FunctionRegistry registry, string root)
    {
        var written = new List<string>();
        foreach (var function in registry.Functions)
        {
            var folder = Path.Combine(root, function.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "function.json");
            File.WriteAllText(path, FunctionJson.Build(function).ToJsonString(Indented));
            written.Add(path);
        }
        return written;
    }

    /// <summary>Copies host.json (shipped beside the handler) to the root and zips the root, keeping Unix permissions.</summary>
    public static void Build(FunctionRegistry registry, string root, string hostJson, string? zipPath)
    {
        Directory.CreateDirectory(root);
        File.Copy(hostJson, Path.Combine(root, "host.json"), overwrite: true);
        WriteFunctionFolders(registry, root);
        if (zipPath is null)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        File.Delete(zipPath);
        ZipFile.CreateFromDirectory(root, zipPath, CompressionLevel.Optimal, includeBaseDirectory: false);
    }
}

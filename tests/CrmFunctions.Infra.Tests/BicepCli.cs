using System.Diagnostics;
using System.Reflection;

namespace CrmFunctions.Infra.Tests;

/// <summary>What one run of the Bicep compiler printed, and how it ended.</summary>
public sealed record BicepRun(string Command, int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"bicep {Command} exited {ExitCode}\n{Errors}\n{Output}".TrimEnd();
}

/// <summary>
/// The Bicep compiler of the Azure.Bicep.CommandLine.linux-x64 package that restore fetched (PackageDownload in the
/// project file, which also writes its path into this assembly). It runs offline: the templates use no registry module.
/// </summary>
public sealed class BicepCli
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";

    public BicepCli()
    {
        Path = Locate();
        if (!OperatingSystem.IsWindows())
            EnsureExecutable(Path);
    }

    public string Path { get; }

    public async Task<BicepRun> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The compiler is a .NET program: without this it needs ICU, which slim images lack. Its output is the same.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Path);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, await output, await errors);
    }

    private static string Locate()
    {
        var assembly = typeof(BicepCli).Assembly;
        string? Metadata(string key) =>
            assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value;
        var version = Metadata("BicepVersion") ?? throw new InvalidOperationException("the test assembly names no BicepVersion");
        var inPackageFolder = (string root) => System.IO.Path.Combine(root, PackageId, version, "tools", "bicep");
        string?[] candidates =
        [
            Metadata("BicepPath"),
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages ? inPackageFolder(packages) : null,
            inPackageFolder(System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")),
        ];
        return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"The Bicep compiler {version} is missing (looked in: {string.Join(", ", candidates.OfType<string>())}). " +
            "`dotnet restore tests/CrmFunctions.Infra.Tests` fetches it; the package holds a linux-x64 binary only.");
    }

    /// <summary>Package extraction does not always keep the executable bit.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void EnsureExecutable(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }
}

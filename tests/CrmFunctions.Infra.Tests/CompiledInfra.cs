using System.Text.Json.Nodes;

namespace CrmFunctions.Infra.Tests;

[CollectionDefinition(Name)]
public sealed class CompiledInfraCollection : ICollectionFixture<CompiledInfra>
{
    public const string Name = "compiled infra";
}

/// <summary>
/// infra/ compiled once for all the tests, in a copy (the compiler writes its outputs beside its inputs):
/// <c>main.bicep</c> built and linted, <c>main.bicepparam</c> built, and the deployment it describes evaluated by
/// <c>bicep snapshot</c> against a fixed subscription and resource group, so that names, loops, conditions and
/// module parameters are resolved the way Azure Resource Manager resolves them.
/// </summary>
public sealed class CompiledInfra : IAsyncLifetime
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000c1";
    public const string ResourceGroup = "rg-crm-test";

    /// <summary>A production deployment with the longest prefix, in mixed case with digits.</summary>
    public const string ProductionPrefix = "CRMGroup01";

    private readonly BicepCli _bicep = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "crm-infra-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<Task<Snapshot>> _production;

    public CompiledInfra() =>
        _production = new(() => SnapshotAsync($"param namePrefix = '{ProductionPrefix}'", "param environmentName = 'prod'"));

    private string Infra => Path.Combine(_root, "infra");

    public BicepRun Build { get; private set; } = null!;

    public BicepRun Lint { get; private set; } = null!;

    public BicepRun BuildParams { get; private set; } = null!;

    /// <summary>The ARM template <c>bicep build</c> wrote for main.bicep, modules nested.</summary>
    public JsonObject Template { get; private set; } = null!;

    /// <summary>The ARM parameters <c>bicep build-params</c> wrote for main.bicepparam.</summary>
    public JsonObject Parameters { get; private set; } = null!;

    /// <summary>The deployment main.bicepparam describes.</summary>
    public Snapshot Deployment { get; private set; } = null!;

    /// <summary>The deployment of <see cref="ProductionPrefix"/> in prod, evaluated once when a test first asks.</summary>
    public Task<Snapshot> Production => _production.Value;

    public async Task InitializeAsync()
    {
        CopyDirectory(Repo.Infra, Infra);
        var build = _bicep.RunAsync(Infra, "build", "main.bicep", "--outfile", "main.json", "--diagnostics-format", "sarif");
        var lint = _bicep.RunAsync(Infra, "lint", "main.bicep", "--diagnostics-format", "sarif");
        var buildParams = _bicep.RunAsync(Infra, "build-params", "main.bicepparam", "--outfile", "main.parameters.json", "--diagnostics-format", "sarif");
        var snapshot = SnapshotFileAsync("main.bicepparam");
        (Build, Lint, BuildParams) = (await build, await lint, await buildParams);
        Template = ReadJson(Build, "main.json");
        Parameters = ReadJson(BuildParams, "main.parameters.json");
        Deployment = await snapshot;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Builds a parameter file of main.bicep made of <paramref name="assignments"/> ("param x = ...").</summary>
    public Task<BicepRun> BuildParamsAsync(params string[] assignments) =>
        _bicep.RunAsync(Infra, "build-params", WriteVariant(assignments), "--stdout", "--diagnostics-format", "sarif");

    /// <summary>Evaluates the deployment of main.bicep with <paramref name="assignments"/>; the run, when it failed.</summary>
    public async Task<(Snapshot? Snapshot, BicepRun Run)> TrySnapshotAsync(params string[] assignments)
    {
        var file = WriteVariant(assignments);
        var run = await RunSnapshotAsync(file);
        return (run.Succeeded ? Snapshot.Load(SnapshotPath(file)) : null, run);
    }

    public async Task<Snapshot> SnapshotAsync(params string[] assignments)
    {
        var (snapshot, run) = await TrySnapshotAsync(assignments);
        return snapshot ?? throw new InvalidOperationException(run.ToString());
    }

    private async Task<Snapshot> SnapshotFileAsync(string file)
    {
        var run = await RunSnapshotAsync(file);
        return run.Succeeded ? Snapshot.Load(SnapshotPath(file)) : throw new InvalidOperationException(run.ToString());
    }

    private Task<BicepRun> RunSnapshotAsync(string file) =>
        _bicep.RunAsync(Infra, "snapshot", file, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup, "--location", "westeurope");

    private string SnapshotPath(string parameterFile) => Path.Combine(Infra, Path.ChangeExtension(parameterFile, ".snapshot.json"));

    private string WriteVariant(string[] assignments)
    {
        var file = $"variant-{Guid.NewGuid():N}.bicepparam";
        File.WriteAllLines(Path.Combine(Infra, file), ["using 'main.bicep'", .. assignments]);
        return file;
    }

    private JsonObject ReadJson(BicepRun run, string file)
    {
        var path = Path.Combine(Infra, file);
        return run.Succeeded && File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path))!.AsObject()
            : throw new InvalidOperationException(run.ToString());
    }

    /// <summary>Templates, parameter files and the compiler's configuration: never a local secrets file.</summary>
    private static bool IsCompilerInput(string file) =>
        Path.GetExtension(file) is ".bicep" or ".bicepparam" || Path.GetFileName(file) == "bicepconfig.json";

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from).Where(IsCompilerInput))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from))
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}

using CrmFunctions.Hosting;
using CrmFunctions.Packaging;

namespace CrmFunctions;

/// <summary>Commands run by the same binary instead of serving: packaging, and later operator tools.</summary>
public static class CommandLine
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["package"] = PackageAsync,
        ["queues"] = args => Runner.QueueReport.RunAsync(args, CliContext.Configuration(), Console.Out, CancellationToken.None),
        ["eval-dedup"] = args => Quality.EvalDedupCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None),
        ["model"] = args => Quality.ModelCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None),
        ["index"] = args => Pipeline.IndexCommand.RunAsync(args, CliContext.Configuration(), Console.Out, CancellationToken.None),
        ["barometers"] = args => Barometers.BarometersCommand.RunAsync(args, Console.Out, CancellationToken.None),
        ["brevo-standin"] = args => Campaigns.StandIn.BrevoStandInCommand.RunAsync(args, Console.Out, CancellationToken.None),
        ["privacy"] = args => Privacy.PrivacyCommand.RunAsync(args, CliContext.Configuration(), Console.Out, Console.Error, CancellationToken.None),
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await Commands[args[0]](args[1..]);
        }
        catch (SettingsException e)
        {
            await Console.Error.WriteLineAsync("Configuration error: " + e.Message);
            return 2;
        }
    }

    /// <summary>package --root DIR [--zip FILE]: host.json and the generated function.json files around a published handler.</summary>
    private static Task<int> PackageAsync(string[] args)
    {
        var root = Option(args, "--root");
        if (root is null)
        {
            Console.Error.WriteLine("usage: CrmFunctions package --root DIR [--zip FILE]");
            return Task.FromResult(2);
        }
        var registry = new FunctionRegistry(FunctionCatalog.All);
        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        PackageBuilder.Build(registry, root, hostJson, Option(args, "--zip"));
        Console.WriteLine($"Package laid out in {root}: host.json and {registry.Functions.Count} functions.");
        return Task.FromResult(0);
    }

    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

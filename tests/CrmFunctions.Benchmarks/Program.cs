using CrmFunctions.Benchmarks.Barometers;
using CrmFunctions.Benchmarks.Intake;
using CrmFunctions.Benchmarks.Matching;
using CrmFunctions.Benchmarks.Pipeline;

// Bench commands (end-to-end against Azurite) by name; anything else goes to BenchmarkDotNet.
var commands = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["intake"] = IntakeBench.RunAsync,
    ["matcher"] = MatcherBench.RunAsync,
    ["pipeline"] = PipelineBench.RunAsync,
    ["barometers"] = RefreshBench.RunAsync,
    ["customer-base"] = CustomerBaseBench.RunAsync,
    ["erasure"] = CrmFunctions.Benchmarks.Privacy.ErasureBench.RunAsync,
    ["dispatch"] = CrmFunctions.Benchmarks.Campaigns.DispatchBench.RunAsync,
};
if (args.Length > 0 && commands.TryGetValue(args[0], out var command))
    return await command(args[1..]);
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(IntakeBench).Assembly).Run(args);
return 0;

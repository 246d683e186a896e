namespace CrmFunctions.Benchmarks.Support;

internal static class BenchArgs
{
    /// <summary>The value after "--name", or null when the option is absent.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

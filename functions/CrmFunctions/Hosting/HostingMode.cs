using System.Globalization;

namespace CrmFunctions.Hosting;

/// <summary>
/// Functions mode when the host handed us a port; otherwise standalone (local runs, tests, benchmarks).
/// </summary>
public sealed record HostingMode(bool IsFunctionsHost, int? CustomHandlerPort)
{
    public const int StandalonePort = 7071;

    public static HostingMode Detect(Func<string, string?> environment)
    {
        var port = environment("FUNCTIONS_CUSTOMHANDLER_PORT") ?? environment("FUNCTIONS_HTTPWORKER_PORT");
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? new HostingMode(true, value)
            : new HostingMode(false, null);
    }
}

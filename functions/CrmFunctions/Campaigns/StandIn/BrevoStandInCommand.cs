using System.Globalization;

namespace CrmFunctions.Campaigns.StandIn;

/// <summary>brevo-standin [--port 7073] [--requests FILE]: runs the local Brevo stand-in until Ctrl+C.</summary>
public static class BrevoStandInCommand
{
    public const int DefaultPort = 7073;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var portText = CommandLine.Option(args, "--port");
        if (portText is not null && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            await output.WriteLineAsync("usage: CrmFunctions brevo-standin [--port 7073] [--requests FILE]").ConfigureAwait(false);
            return 2;
        }
        var port = portText is null ? DefaultPort : int.Parse(portText, CultureInfo.InvariantCulture);
        var requests = CommandLine.Option(args, "--requests");
        await using var standIn = await BrevoStandIn.StartAsync(port, requests, output, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Brevo stand-in on {standIn.BaseUrl} (set Campaigns__Brevo__BaseUrl to it, any Campaigns__Brevo__ApiKey); " +
            $"requests{(requests is null ? " not kept" : " in " + requests)}; counts at {standIn.BaseUrl}standin/summary").ConfigureAwait(false);
        await standIn.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}

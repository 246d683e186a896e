using System.Globalization;
using CrmFunctions.Core;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Messaging;
using CrmFunctions.Pipeline;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

/// <summary>
/// The "barometers" verb: "refresh [--from DATE]" runs the refresh now, from the watermark or, for a backfill,
/// from every fact received since DATE (UTC, yyyy-MM-dd), printing its progress; "forget --email E | --phone P" takes
/// an erased guest's contributions out of the barometers (nothing about the guest is printed).
/// </summary>
public static class BarometersCommand
{
    private const string Usage = "usage: CrmFunctions barometers refresh [--from yyyy-MM-dd] | barometers forget (--email E | --phone P)";

    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(args, CliContext.Configuration(), output, cancellationToken);

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var verb = args.FirstOrDefault();
        if (verb is not ("refresh" or "forget"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        DateTimeOffset? from = null;
        if (CommandLine.Option(args, "--from") is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !SupportedDates.Contains(day))
            {
                await Console.Error.WriteLineAsync($"--from: '{text}' is not a day as yyyy-MM-dd {SupportedDates.Range}. {Usage}");
                return 2;
            }
            from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        await using var services = BuildServices(configuration);
        var storage = services.GetRequiredService<StorageServices>();
        foreach (var table in TableNames.BarometerLedgers.Prepend(TableNames.Barometers))
            await storage.GetTableClient(table).CreateIfNotExistsAsync(cancellationToken);
        var refresher = services.GetRequiredService<BarometerRefresher>();
        try
        {
            if (verb == "forget")
            {
                var email = CommandLine.Option(args, "--email");
                var phone = CommandLine.Option(args, "--phone");
                if (email is null && phone is null)
                {
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
                }
                var removed = await refresher.ForgetGuestAsync(email, phone, cancellationToken);
                await output.WriteLineAsync($"{removed} fact(s) of the guest taken out of the barometers.");
                return 0;
            }
            var summary = await refresher.RefreshAsync(from, line => output.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] {line}"), cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Refreshed: {summary.FactsRead} facts read, {summary.DaysUpdated} days updated, {summary.AlertsRaised} alerts raised in {summary.Seconds:F1} s; watermark {summary.Watermark:O}."));
            return 0;
        }
        catch (RefreshBusyException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 3;
        }
    }

    /// <summary>The refresh's services outside the web host (this verb, the refresh benchmark).</summary>
    public static ServiceProvider BuildServices(IConfiguration configuration, RefreshOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(CliContext.Storage(configuration));
        services.AddQueueSender(configuration, new HostingMode(false, null));
        services.Configure<PipelineOptions>(configuration.GetSection("Pipeline"));
        services.AddGuestKeys(configuration);
        services.AddBarometers(configuration);
        services.AddSingleton(options ?? RefreshOptions.Default);
        return services.BuildServiceProvider();
    }
}

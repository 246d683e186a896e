using System.Text.Json;
using CrmFunctions.Barometers;
using CrmFunctions.Hosting;
using CrmFunctions.Messaging;
using CrmFunctions.Pipeline;

namespace CrmFunctions.Privacy;

/// <summary>
/// The "privacy" verb, for a data protection officer at a terminal: "export" prints everything held about a guest
/// as JSON (the same document as GET /api/privacy/guests); "erase" carries out an erasure now and prints its counts
/// per store, never the guest's data. Both are audited in PrivacyLog.
/// </summary>
public static class PrivacyCommand
{
    private const string Usage = "usage: CrmFunctions privacy export (--email E | --phone P | --contact-id ID) [--requested-by WHO]\n" +
        "       CrmFunctions privacy erase (--email E | --phone P | --contact-id ID) [--reason R] [--requested-by WHO]\n" +
        "       CrmFunctions privacy rekey";

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var verb = args.FirstOrDefault();
        if (verb == "rekey") return await RekeyCommand.RunAsync(args, configuration, output, cancellationToken);
        if (verb is not ("export" or "erase"))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        await using var services = BuildServices(configuration);
        var finder = services.GetRequiredService<GuestFinder>();
        var (subject, errors) = PrivacySubject.Read(CommandLine.Option(args, "--email"), CommandLine.Option(args, "--phone"),
            CommandLine.Option(args, "--contact-id"), finder.DefaultCountry);
        if (subject is null)
        {
            foreach (var e in errors.All) await error.WriteLineAsync($"{e.Field}: {e.Reason}");
            await error.WriteLineAsync(Usage);
            return 2;
        }
        var requestedBy = CommandLine.Option(args, "--requested-by");
        if (verb == "export")
        {
            var result = await services.GetRequiredService<GuestExport>().ExportAsync(subject, requestedBy, cancellationToken);
            if (!result.Found)
            {
                await error.WriteLineAsync($"Nothing is held about a guest with this {subject.Scope}.");
                return 1;
            }
            await output.WriteLineAsync(result.Document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var clock = services.GetRequiredService<TimeProvider>();
        var request = PrivacyRecord.NewErasure(subject, requestedBy, CommandLine.Option(args, "--reason"), clock.GetUtcNow());
        var done = await services.GetRequiredService<GuestEraser>().EraseAsync(request, subject, cancellationToken);
        await output.WriteLineAsync($"Erasure {done.Id} {done.Status}.");
        foreach (var (store, count) in done.Counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            await output.WriteLineAsync($"  {store,-26} {count,7}");
        return 0;
    }

    /// <summary>The services the privacy verbs use, on the storage the configuration names (standalone mode).</summary>
    public static ServiceProvider BuildServices(IConfiguration configuration)
    {
        var mode = new HostingMode(false, null);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(CliContext.Storage(configuration));
        services.AddSingleton(new FunctionRegistry(FunctionCatalog.All));
        services.AddQueueSender(configuration, mode);
        services.AddBarometers(configuration);
        services.AddSingleton(RefreshOptions.Default);
        services.AddPipeline(configuration);
        services.AddGuestKeys(configuration);
        services.AddPrivacy(mode);
        return services.BuildServiceProvider();
    }
}

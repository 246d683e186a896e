using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// "privacy rekey": the migration to the keyed guest keys (<see cref="GuestRekeying"/>), run once after the upgrade
/// with the deployment's Privacy__KeySecret; running it again changes nothing. Prints counts only.
/// </summary>
public static class RekeyCommand
{
    public const string Usage = "usage: CrmFunctions privacy rekey";

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        if (args is not ["rekey"])
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        await using var services = BarometersCommand.BuildServices(configuration);
        var storage = services.GetRequiredService<StorageServices>();
        // What the migration reads and writes, there even on a deployment that never received a stay.
        foreach (var table in TableNames.BarometerLedgers.Concat([TableNames.Barometers, TableNames.Contacts, TableNames.Stays, TableNames.BarometerChanges]))
            await storage.GetTableClient(table).CreateIfNotExistsAsync(cancellationToken);
        try
        {
            var summary = await ActivatorUtilities.CreateInstance<GuestRekeying>(services).RunAsync(cancellationToken);
            await output.WriteLineAsync($"{summary.Guests} guests read, {summary.LegacyKeys} former keys looked for; re-keyed: " +
                $"{summary.Stays} stays, {summary.LedgerFacts} ledger facts, {summary.LedgerGuestRows} ledger guest rows, " +
                $"{summary.PendingChanges} pending changes ({summary.Changed} rows changed).");
            return 0;
        }
        catch (RefreshBusyException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 3;
        }
    }
}

using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>What one "privacy rekey" changed: counts only, never a guest.</summary>
public sealed record RekeySummary(int Guests, int LegacyKeys, int Stays, int LedgerFacts, int LedgerGuestRows, int PendingChanges)
{
    public int Changed => Stays + LedgerFacts + LedgerGuestRows + PendingChanges;
}

/// <summary>
/// Moves the rows filed under the bare-hash keys of earlier versions (<see cref="LegacyGuestKeys"/>) to the keys of
/// <see cref="GuestKeyer"/>, guest by guest as the golden records name them: the GuestKey of stays, of the barometer
/// ledger's facts and of the change rows not counted yet, and the ledger's guest index. Without it an erasure would
/// not find what was counted before the upgrade. Idempotent: a row already under its new key is not touched. Holds
/// the barometers' lease, so no refresh or erasure writes the ledger meanwhile.
/// </summary>
public sealed class GuestRekeying(StorageServices storage, BarometerLedger ledger, BarometerStore barometers, GuestKeyer keys, TimeProvider clock)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromHours(2);

    public async Task<RekeySummary> RunAsync(CancellationToken cancellationToken)
    {
        var (newKeyOf, guests) = await LegacyKeysAsync(cancellationToken);
        var lease = await barometers.TryTakeLeaseAsync(clock.GetUtcNow(), LeaseDuration, cancellationToken) ?? throw new RefreshBusyException();
        try
        {
            var stays = await TableRows.ReplaceValuesAsync(storage.GetTableClient(TableNames.Stays), null, FactTables.GuestKeyColumn,
                newKeyOf, cancellationToken);
            var (facts, guestRows) = await ledger.RekeyGuestsAsync(newKeyOf, cancellationToken);
            var changes = await TableRows.ReplaceValuesAsync(storage.GetTableClient(TableNames.BarometerChanges), null, FactTables.GuestKeyColumn,
                newKeyOf, cancellationToken);
            return new RekeySummary(guests, newKeyOf.Count, stays, facts, guestRows, changes);
        }
        finally
        {
            await barometers.ReleaseLeaseAsync(lease, CancellationToken.None);
        }
    }

    /// <summary>Legacy key → new key, from every golden record's contact points.</summary>
    private async Task<(Dictionary<string, string> NewKeyOf, int Guests)> LegacyKeysAsync(CancellationToken cancellationToken)
    {
        var golden = new GoldenRecordStore(storage.GetTableClient(TableNames.Contacts));
        var newKeyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var guests = 0;
        await foreach (var guest in golden.ReadAllAsync(null, cancellationToken))
        {
            guests++;
            foreach (var (legacy, key) in LegacyGuestKeys.Of(guest, keys))
                newKeyOf.TryAdd(legacy, key);
        }
        return (newKeyOf, guests);
    }
}

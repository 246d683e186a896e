using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Ingest;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

/// <summary>
/// Where a contact of an erased guest stops: before it can re-create the guest. Unless it brings a consent given
/// after the erasure, it is dropped, and its record is taken out of the archived payload it came in, so the guest
/// stays remembered by keyed hashes only.
/// </summary>
public sealed class ArrivalGate(Suppressions suppressions, StorageServices storage)
{
    /// <returns>True when the contact must be dropped.</returns>
    public async Task<bool> HoldsBackAsync(NormalizedContact contact, CancellationToken cancellationToken)
    {
        if (!await suppressions.HoldsBackAsync(contact, cancellationToken).ConfigureAwait(false)) return false;
        if (contact.Origin?.SourceRecordId is { } recordId && recordId.LastIndexOf('/') is var slash and > 0
            && int.TryParse(recordId[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var index)
            && await storage.GetTableClient(TableNames.IngestionLog).GetEntityOrDefaultAsync(recordId[..slash], IngestionLog.SummaryRow, ["RawBlob"], cancellationToken)
                .ConfigureAwait(false) is { } log
            && log.GetString("RawBlob") is { } path && path.StartsWith(ContainerNames.Raw + "/", StringComparison.Ordinal))
            await new RawArchive(storage.GetBlobContainerClient(ContainerNames.Raw)).EraseRecordAsync(path[(ContainerNames.Raw.Length + 1)..], index, cancellationToken)
                .ConfigureAwait(false);
        return true;
    }
}

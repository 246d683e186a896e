using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Privacy;

/// <summary>
/// The retention sweep: deletes the raw payloads older than Privacy__RawRetentionDays, anonymizes the fact rows older
/// than Privacy__FactRetentionDays (<see cref="PersonalTables.Facts"/>), and keeps one PrivacyLog row per run with
/// the counts per store and the cutoff days: no identifier. Each step is safe to repeat, so a failed run is finished
/// by the next.
/// </summary>
public sealed class RetentionSweeper(StorageServices storage, FactRetention facts, PrivacyLog log, IOptions<RetentionOptions> options,
    TimeProvider clock, ILogger<RetentionSweeper> logger)
{
    /// <summary>PrivacyLog partition of the sweeps.</summary>
    public const string LogKind = "retention";

    /// <summary>PrivacyLog's count of raw payloads deleted.</summary>
    public const string RawStore = "raw";

    public async Task<PrivacyRecord> RunAsync(string requestedBy, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(startedAt.UtcDateTime);
        var rawCutoff = today.AddDays(-options.Value.RawRetentionDays);
        var factCutoff = today.AddDays(-options.Value.FactRetentionDays);
        var record = new PrivacyRecord
        {
            Id = PrivacyLog.NewId("rt", startedAt),
            Kind = LogKind,
            Status = "pending",
            Scope = "all",
            RequestedAt = startedAt,
            RequestedBy = requestedBy,
            Reason = $"raw received before {rawCutoff:yyyy-MM-dd}, facts received before {factCutoff:yyyy-MM-dd}",
        };
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var raw = new RawRetention(storage.GetBlobContainerClient(ContainerNames.Raw));
            counts[RawStore] = await raw.DeleteBeforeAsync(rawCutoff, cancellationToken).ConfigureAwait(false);
            foreach (var shape in PersonalTables.Facts)
                counts[shape.Name] = await facts.ApplyAsync(shape, factCutoff, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage errors can quote a key, and some keys are phone numbers: the log keeps the kind of failure only.
            var error = e is Azure.RequestFailedException r ? $"storage answered {r.Status} {r.ErrorCode}" : e.GetType().Name;
            await log.WriteAsync(record with { Status = "failed", Error = error, Counts = counts }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        record = record with { Status = "completed", CompletedAt = clock.GetUtcNow(), Counts = counts };
        await log.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Retention {RetentionId}: {Blobs} raw payloads deleted, {Rows} fact rows anonymized or deleted",
            record.Id, counts[RawStore], counts.Where(c => c.Key != RawStore).Sum(c => c.Value));
        return record;
    }
}

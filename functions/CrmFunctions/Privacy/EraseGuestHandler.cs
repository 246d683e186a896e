using System.Text.Json;
using CrmFunctions.Hosting;
using CrmFunctions.Pipeline;

namespace CrmFunctions.Privacy;

/// <summary>What travels on privacy-erasures: the request's id and whom it is about (the only place the identifier is kept, until done).</summary>
public sealed record ErasureMessage(string ErasureId, string? Email, string? Phone, string? ContactId)
{
    public PrivacySubject Subject => new(Email, Phone, ContactId);
}

/// <summary>privacy-erasures: carries out one erasure request (see <see cref="GuestEraser"/>); a redelivery finishes or repeats it harmlessly.</summary>
public sealed class EraseGuestHandler(GuestEraser eraser, PrivacyLog log, TimeProvider clock) : IFunctionHandler
{
    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<ErasureMessage>(context.Message!.ToMemory().Span, PipelineJson.Options)
            ?? throw new InvalidDataException("The message holds no erasure request.");
        var request = await log.GetAsync(PrivacyLog.Erasure, message.ErasureId, cancellationToken) 
            // A request queued without its status row (written first, so only by hand): it gets one now.
            ?? PrivacyRecord.NewErasure(message.Subject, null, null, clock.GetUtcNow()) with { Id = message.ErasureId };
        try
        {
            var done = await eraser.EraseAsync(request, message.Subject, cancellationToken);
            return FunctionResult.Empty.Log($"erasure {done.Id} {done.Status}: {string.Join(", ", done.Counts.Select(c => $"{c.Key} {c.Value}"))}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The status shows the failure; the message is delivered again (then parked with its error) to finish the work.
            var failed = await log.GetAsync(PrivacyLog.Erasure, message.ErasureId, CancellationToken.None) ?? request;
            await log.WriteAsync(failed with { Status = "failed", Error = Describe(e) }, CancellationToken.None);
            // What the runner logs and parks with the message: the kind of failure, not a storage message quoting a key.
            throw new ErasureFailedException(message.ErasureId, Describe(e));
        }
    }

    // Storage errors can quote a key, and keys hold e-mails: the status keeps the kind of failure only.
    private static string Describe(Exception e) => e is Azure.RequestFailedException r ? $"storage answered {r.Status} {r.ErrorCode}" : e.GetType().Name;
}

public sealed class ErasureFailedException(string erasureId, string reason) : Exception($"Erasure {erasureId} stopped: {reason}; the next delivery resumes it.");

using System.Text.Json;
using CrmFunctions.Hosting;
using CrmFunctions.Privacy;

namespace CrmFunctions.Pipeline;

/// <summary>contacts-dedupe → contacts-enrich: places a normalized contact in its golden record (merge, review pair or new record).</summary>
public sealed class DeduplicateContactHandler(Deduplicator deduplicator, ArrivalGate gate) : IFunctionHandler
{
    public const string Output = "enrich";

    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<NormalizedContactMessage>(context.Message!.ToMemory().Span, PipelineJson.Options)
            ?? throw new InvalidDataException("The message holds no normalized contact.");
        if (message.Contact.Origin is null)
            throw new InvalidDataException("The normalized contact has no origin.");
        // An erased guest comes back only with a consent given after the erasure (a contact still queued then is dropped).
        if (await gate.HoldsBackAsync(message.Contact, cancellationToken))
            return FunctionResult.Empty.Log($"{message.MemberKey} dropped: an erased guest, without a consent given since");
        var result = await deduplicator.ApplyAsync(message.Contact, cancellationToken);
        var next = new DedupedContactMessage
        {
            ContactId = result.ContactId,
            MemberKey = message.MemberKey,
            Outcome = result.Outcome,
            Survey = message.Survey,
        };
        return FunctionResult.Empty
            .Send(Output, JsonSerializer.SerializeToNode(next, PipelineJson.Options)!)
            .Log($"{message.MemberKey} → {result.ContactId} ({result.Outcome})");
    }
}

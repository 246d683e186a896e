using System.Text.Json;
using CrmFunctions.Hosting;

namespace CrmFunctions.Pipeline;

/// <summary>contacts-dedupe → contacts-enrich: places a normalized contact in its golden record (merge, review pair or new record).</summary>
public sealed class DeduplicateContactHandler(Deduplicator deduplicator) : IFunctionHandler
{
    public const string Output = "enrich";

    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<NormalizedContactMessage>(context.Message!.ToMemory().Span, PipelineJson.Options)
            ?? throw new InvalidDataException("The message holds no normalized contact.");
        if (message.Contact.Origin is null)
            throw new InvalidDataException("The normalized contact has no origin.");
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

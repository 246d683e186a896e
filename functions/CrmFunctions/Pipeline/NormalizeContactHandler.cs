using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Hosting;
using CrmFunctions.Ingest;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Pipeline;

/// <summary>contacts-normalize → contacts-dedupe: cleans one contact; what changed and what was rejected travel with it.</summary>
public sealed class NormalizeContactHandler(IOptions<PipelineOptions> options, TimeProvider clock) : IFunctionHandler
{
    public const string Output = "dedupe";

    public Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var envelope = JsonSerializer.Deserialize<ContactEnvelope>(context.Message!.ToMemory().Span, IntakeJson.Options)
            ?? throw new InvalidDataException("The message holds no contact envelope.");
        // Birth dates are checked against the day the record arrived, so a replay normalizes the same way.
        var normalizer = new ContactNormalizer(new NormalizationOptions
        {
            Today = DateOnly.FromDateTime(envelope.ReceivedAt.UtcDateTime > clock.GetUtcNow().UtcDateTime
                ? clock.GetUtcNow().UtcDateTime
                : envelope.ReceivedAt.UtcDateTime),
            DefaultCountry = options.Value.DefaultCountry is { Length: > 0 } country ? country : null,
        });
        var contact = normalizer.Normalize(envelope);
        var message = new NormalizedContactMessage
        {
            MemberKey = SourceRecordMap.MemberKey(contact.Origin!),
            Contact = contact,
            Survey = envelope.Survey,
        };
        return Task.FromResult(FunctionResult.Empty
            .Send(Output, JsonSerializer.SerializeToNode(message, PipelineJson.Options)!)
            .Log($"normalized {message.MemberKey}: {contact.Changes.Count} changes, {contact.Rejected.Count} rejected, flags {contact.Flags}"));
    }
}

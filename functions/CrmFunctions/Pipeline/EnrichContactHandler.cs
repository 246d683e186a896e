using System.Text.Json;
using CrmFunctions.Hosting;

namespace CrmFunctions.Pipeline;

/// <summary>
/// contacts-enrich → the guest's profile next to the golden record in Contacts, the survey answer linked to
/// its guest with its NPS category; campaign triggers on campaign-triggers.
/// </summary>
public sealed class EnrichContactHandler(Deduplicator deduplicator, ContactProfiles profiles) : IFunctionHandler
{
    public const string Output = "triggers";

    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<DedupedContactMessage>(context.Message!.ToMemory().Span, PipelineJson.Options)
            ?? throw new InvalidDataException("The message holds no golden record reference.");
        // A reviewer may have merged the record away since: enrich the record it lives on now.
        var stored = await deduplicator.FindLiveAsync(message.ContactId, cancellationToken);
        if (stored?.Record is not { } golden)
            throw new InvalidOperationException($"Golden record {message.ContactId} does not exist.");

        var result = FunctionResult.Empty;
        if (message.Survey is { } survey)
        {
            var linked = await profiles.LinkSurveyAsync(golden.ContactId, survey.SurveyId, survey.Partition, cancellationToken)
                ?? throw new InvalidOperationException($"Survey {survey.SurveyId} is not stored (partition {survey.Partition}).");
            result.Log($"survey {survey.SurveyId} linked to {golden.ContactId} ({linked.NpsCategory ?? "no NPS"})");
        }
        await profiles.RefreshAsync(golden, null, cancellationToken);
        return result.Log($"profile of {golden.ContactId} refreshed ({golden.Members.Count} members)");
    }
}

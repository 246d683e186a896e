using System.Text.Json;
using CrmFunctions.Hosting;

namespace CrmFunctions.Pipeline;

/// <summary>
/// contacts-enrich → the guest's profile next to the golden record in Contacts (segment, value, feedback,
/// contact-data facts), the survey answer linked to its guest with its NPS category, and campaign triggers
/// on campaign-triggers. Everything is recomputed from stored state, so a redelivery writes the same profile and
/// sends triggers with the same de-duplication keys.
/// </summary>
public sealed class EnrichContactHandler(ContactProfiles profiles, GuestProfileRefresher refresher) : IFunctionHandler
{
    public const string Output = "triggers";

    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<DedupedContactMessage>(context.Message!.ToMemory().Span, PipelineJson.Options)
            ?? throw new InvalidDataException("The message holds no golden record reference.");
        var result = FunctionResult.Empty;
        var target = message.ContactId;
        for (var i = 0; ; i++)
        {
            LinkedSurvey? linked = null;
            // The deduplication stage wrote the record and the intake the answer before this message was sent: one
            // that is gone now was erased since, and the message goes with it.
            if (message.Survey is { } survey
                && (linked = await profiles.LinkSurveyAsync(target, survey.SurveyId, survey.Partition, cancellationToken)) is null)
                return result.Log($"survey {survey.SurveyId} is gone (erased): message dropped");
            // The refresh reads the record the id stands for now: a merge since the message was sent (or since the
            // answer was linked) moves the guest elsewhere, and the answer goes with it.
            if (await refresher.RefreshAsync(target, cancellationToken) is not var (guest, enrichment))
                return result.Log($"golden record {message.ContactId} is gone (erased): message dropped");
            var golden = guest.Golden.Record!;
            if (linked is not null && golden.ContactId != target && i < GoldenRecordStore.MaxRedirects)
            {
                await profiles.UnlinkSurveyRowAsync(target, linked.SurveyId, cancellationToken);
                target = golden.ContactId;
                continue;
            }
            if (linked is not null)
                result.Log($"survey {linked.SurveyId} linked to {golden.ContactId} ({linked.NpsCategory ?? "no NPS"})");
            foreach (var trigger in enrichment.Triggers)
                result.Send(Output, JsonSerializer.SerializeToNode(trigger, PipelineJson.Options)!);
            return result.Log($"profile of {golden.ContactId} refreshed ({golden.Members.Count} members, segment {enrichment.Segment}, " +
                $"{enrichment.Triggers.Count} triggers, {enrichment.SuppressedTriggers.Count} suppressed)");
        }
    }
}

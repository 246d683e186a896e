using System.Text.Json;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Hosting;
using CrmFunctions.Storage;

namespace CrmFunctions.Pipeline;

/// <summary>
/// contacts-enrich → the guest's profile next to the golden record in Contacts (segment, value, feedback,
/// contact-data facts), the survey answer linked to its guest with its NPS category, and campaign triggers
/// on campaign-triggers. Everything is recomputed from stored state, so a redelivery writes the same profile and
/// sends triggers with the same de-duplication keys.
/// </summary>
public sealed class EnrichContactHandler(Deduplicator deduplicator, ContactProfiles profiles, ContactEnricher enricher, TimeProvider clock)
    : IFunctionHandler
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

        var now = clock.GetUtcNow();
        EnrichmentResult? enrichment = null;
        await profiles.RefreshAsync(golden, (record, surveys, profile) =>
        {
            var input = EnrichmentInput.For(record, surveys.Select(s => s.ToFeedback()).OfType<SurveyFeedback>());
            enrichment = enricher.Enrich(input with { Stays = WithoutEchoes(input.Stays) }, now);
            return Extend(profile, enrichment);
        }, cancellationToken);

        foreach (var trigger in enrichment!.Triggers)
            result.Send(Output, JsonSerializer.SerializeToNode(trigger, PipelineJson.Options)!);
        return result.Log($"profile of {golden.ContactId} refreshed ({golden.Members.Count} members, segment {enrichment.Segment}, " +
            $"{enrichment.Triggers.Count} triggers, {enrichment.SuppressedTriggers.Count} suppressed)");
    }

    private static TableEntity Extend(TableEntity profile, EnrichmentResult e)
    {
        profile["Stays"] = e.Stays.Stays;
        profile["RoomNights"] = e.Stays.RoomNights;
        profile["Revenue"] = (double)e.Stays.Revenue;
        profile["LastStay"] = e.Stays.LastStay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        profile["RecencyDays"] = e.Stays.RecencyDays;
        profile["Frequency"] = e.Stays.Frequency;
        profile["Rfm"] = e.Rfm?.Code;
        profile["Segment"] = e.Segment;
        profile["ValueScore"] = e.ValueScore;
        profile["LoyaltyTier"] = e.LoyaltyTier;
        profile["NpsCategory"] = e.NpsCategory?.ToString().ToLowerInvariant();
        profile["LatestNps"] = e.LatestNps;
        profile["LatestSurveyId"] = e.LatestResponseId;
        profile["LatestSurveyAt"] = e.LatestAnswerAt;
        profile["Sentiment"] = e.LatestResponseId is null ? null : e.LatestComment.Sentiment.ToString().ToLowerInvariant();
        profile["Irritants"] = Join(e.LatestComment.Irritants);
        profile["Enchantments"] = Join(e.LatestComment.Enchantments);
        profile["ComplaintMotives"] = Join(e.ComplaintMotives);
        profile["PhoneCountry"] = e.PhoneCountry;
        profile["PhoneLineType"] = e.PhoneLineType?.ToString();
        profile["EmailDomainKind"] = e.EmailDomainKind.ToString().ToLowerInvariant();
        profile["PreferredLanguage"] = e.PreferredLanguage;
        profile["CompletenessScore"] = e.CompletenessScore;
        profile["MissingFields"] = Join(e.MissingFields);
        profile["EnrichedAt"] = e.EnrichedAt;
        return profile;
    }

    /// <summary>
    /// A survey tells the stay it is about without the reservation number; the PMS told the same stay with it.
    /// Same property and arrival, one side without a reservation: one stay, kept in its fuller form.
    /// </summary>
    public static IReadOnlyList<StayInput> WithoutEchoes(IReadOnlyList<StayInput> stays) =>
        stays.Where(s => s.ReservationId is { Length: > 0 } || !stays.Any(o => o.ReservationId is { Length: > 0 }
                && string.Equals(o.PropertyId, s.PropertyId, StringComparison.OrdinalIgnoreCase) && o.Arrival == s.Arrival && s.Arrival is not null))
            .ToList();

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(',', values);
}

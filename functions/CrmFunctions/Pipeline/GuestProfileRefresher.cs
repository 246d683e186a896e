using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;

namespace CrmFunctions.Pipeline;

/// <summary>
/// Recomputes a guest's whole profile (stays, RFM segment, value score, loyalty tier, feedback, contact-data facts)
/// from the golden record and its linked answers: the enrich stage after every arrival, and a reviewer's merge or
/// split, so a profile never depends on which of the two last changed the record.
/// </summary>
public sealed class GuestProfileRefresher(ContactProfiles profiles, ContactEnricher enricher, TimeProvider clock)
{
    /// <summary>The guest as refreshed and what the enrichment rules made of it; null when there is no such golden record.</summary>
    public async Task<(Guest Guest, EnrichmentResult Enrichment)?> RefreshAsync(string contactId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        EnrichmentResult? enrichment = null;
        var guest = await profiles.RefreshAsync(contactId, (record, surveys, profile) =>
        {
            var input = EnrichmentInput.For(record, surveys.Select(s => s.ToFeedback()).OfType<SurveyFeedback>());
            enrichment = enricher.Enrich(input with { Stays = WithoutEchoes(input.Stays) }, now);
            return Extend(profile, enrichment);
        }, cancellationToken).ConfigureAwait(false);
        return guest is null ? null : (guest, enrichment!);
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

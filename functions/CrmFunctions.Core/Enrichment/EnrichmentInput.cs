using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Matching;

namespace CrmFunctions.Core.Enrichment;

/// <summary>One post-stay survey answer of the guest, as far as enrichment needs it.</summary>
public sealed record SurveyFeedback
{
    /// <summary>The answer's id (source + response id): the same answer delivered twice counts once.</summary>
    public required string ResponseId { get; init; }
    public string? PropertyId { get; init; }
    /// <summary>Likelihood to recommend, 0–10.</summary>
    public int? Nps { get; init; }
    public string? Comment { get; init; }
    /// <summary>BCP 47 language the guest answered in ("fr", "en-GB").</summary>
    public string? Language { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public bool Complaint { get; init; }
    public string? ComplaintReason { get; init; }
}

/// <summary>What the enricher reads: the golden record, the guest's stays and survey answers.</summary>
public sealed record EnrichmentInput
{
    public required GoldenRecord Contact { get; init; }
    public IReadOnlyList<StayInput> Stays { get; init; } = [];
    public IReadOnlyList<SurveyFeedback> Surveys { get; init; } = [];

    /// <summary>The stays carried by the golden record's members, plus any other known stays of the guest.</summary>
    public static EnrichmentInput For(GoldenRecord contact, IEnumerable<SurveyFeedback>? surveys = null, IEnumerable<StayInput>? otherStays = null) => new()
    {
        Contact = contact,
        Stays = contact.Members.Select(m => m.Contact.Stay).OfType<StayInput>().Concat(otherStays ?? []).ToList(),
        Surveys = (surveys ?? []).ToList(),
    };
}

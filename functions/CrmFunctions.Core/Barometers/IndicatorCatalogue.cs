using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Core.Barometers;

/// <summary>
/// The indicators the barometer can show, with their thresholds. Immutable: configure with
/// <see cref="WithThresholds"/> or <see cref="With"/>, which return a new catalogue.
/// </summary>
public sealed class IndicatorCatalogue
{
    private readonly ImmutableDictionary<string, IndicatorDefinition> _definitions;

    private IndicatorCatalogue(ImmutableDictionary<string, IndicatorDefinition> definitions) => _definitions = definitions;

    public IReadOnlyCollection<IndicatorDefinition> All => _definitions.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Starting thresholds a hotel group would typically use; every one is meant to be tuned per deployment.
    /// The service-level label follows the configured threshold.
    /// </summary>
    public static IndicatorCatalogue CreateDefault(ServiceLevelOptions? serviceLevel = null)
    {
        var seconds = (serviceLevel ?? ServiceLevelOptions.Default).ThresholdSeconds;
        IndicatorDefinition[] definitions =
        [
            new(IndicatorIds.Nps, "NPS", "% promoters (9–10) − % detractors (0–6); margin = 1.96·√((pP + pD − (pP − pD)²)/n)·100",
                IndicatorUnit.Points, Direction.HigherIsBetter, 30, Warn: 30, Alert: 10, TrendTolerance: 1),
            new(IndicatorIds.Csat, "CSAT", "% of answers 4–5 on 1–5",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 30, 85, 75, 0.5),
            new(IndicatorIds.CsatTopBox, "Very satisfied (top box)", "% of answers 5 on 1–5",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 30, 50, 35, 0.5),
            new(IndicatorIds.CsatMean, "CSAT mean", "mean of answers on 1–5",
                IndicatorUnit.Score, Direction.HigherIsBetter, 30, 4.2, 3.8, 0.02),
            new(IndicatorIds.CesMean, "Customer effort (mean)", "mean of answers on 1–7, 7 = very easy",
                IndicatorUnit.Score, Direction.HigherIsBetter, 30, 5.5, 4.5, 0.05),
            new(IndicatorIds.CesEasy, "Customer effort: % easy", "% of answers 5–7 on 1–7",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 30, 70, 60, 0.5),
            new(IndicatorIds.ResponseRate, "Survey response rate", "answers submitted ÷ invitations delivered in the period",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 30, 20, 10, 0.5),
            new(IndicatorIds.ComplaintCount, "Complaints", "survey answers flagged as complaint + complaint interactions",
                IndicatorUnit.Count, Direction.LowerIsBetter, 0, null, null, 0),
            new(IndicatorIds.ComplaintsPer100Stays, "Complaints per 100 stays", "complaints ÷ stays ended in the period × 100",
                IndicatorUnit.PerHundredStays, Direction.LowerIsBetter, 100, 2, 4, 0.1),
            new(IndicatorIds.ServiceLevel, $"Calls answered within {seconds} s",
                $"calls answered within {seconds} s ÷ (answered + abandoned), calls abandoned within the short-abandon cut-off left out",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 30, 80, 70, 0.5),
            new(IndicatorIds.AverageSpeedOfAnswer, "Average speed of answer", "Σ(answered − received) ÷ answered calls",
                IndicatorUnit.Seconds, Direction.LowerIsBetter, 30, 20, 40, 1),
            new(IndicatorIds.Abandonment, "Abandoned calls", "abandoned ÷ (answered + abandoned), short abandons left out",
                IndicatorUnit.Percent, Direction.LowerIsBetter, 30, 5, 10, 0.5),
            new(IndicatorIds.FirstContactResolution, "First-contact resolution", "resolved at first contact ÷ contacts where it was recorded",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 30, 75, 65, 0.5),
            new(IndicatorIds.RequestsPerAgentDay, "Requests per agent per day", "handled requests ÷ agent-days (agent with ≥ 1 handled request that day)",
                IndicatorUnit.PerAgentDay, Direction.HigherIsBetter, 5, 25, 15, 0.5),
            new(IndicatorIds.SkillsIndex, "Staff skills index", "(mean self-assessment on 1–5 − 1) ÷ 4 × 100",
                IndicatorUnit.Points, Direction.HigherIsBetter, 10, 60, 50, 1),
            new(IndicatorIds.ActiveGuests, "Active guests", "guests active in the window, from the snapshot",
                IndicatorUnit.Count, Direction.HigherIsBetter, 1, null, null, 0),
            new(IndicatorIds.NewGuests, "New guests", "guests first seen in the window, from the snapshot",
                IndicatorUnit.Count, Direction.HigherIsBetter, 1, null, null, 0),
            new(IndicatorIds.DuplicatesMerged, "Duplicates merged", "guest records merged into another in the window",
                IndicatorUnit.Count, Direction.LowerIsBetter, 1, null, null, 0),
            new(IndicatorIds.ValidEmail, "Guests with a valid e-mail", "guests with a valid e-mail ÷ active guests",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 1, 80, 60, 0.5),
            new(IndicatorIds.ValidPhone, "Guests with a valid phone", "guests with a valid phone ÷ active guests",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 1, 60, 40, 0.5),
            new(IndicatorIds.Consent, "Guests with marketing consent", "guests with consent ÷ active guests",
                IndicatorUnit.Percent, Direction.HigherIsBetter, 1, 50, 30, 0.5),
            // Concentration is a risk (losing a few guests costs a lot), hence lower is better; no default threshold.
            new(IndicatorIds.Top20RevenueShare, "Revenue share of the top 20% guests", "revenue of the best ⌈20%⌉ guests ÷ total revenue",
                IndicatorUnit.Percent, Direction.LowerIsBetter, 1, null, null, 0.5),
        ];
        var all = definitions.Concat(Touchpoints.Known.Select(TouchpointDefinition));
        return new IndicatorCatalogue(all.ToImmutableDictionary(d => d.Id, StringComparer.Ordinal));
    }

    /// <summary>Definition of a moment of truth's mean score (1–5); used for touchpoints not in the catalogue too.</summary>
    public static IndicatorDefinition TouchpointDefinition(string touchpoint)
    {
        var name = Touchpoints.Normalize(touchpoint);
        return new IndicatorDefinition(IndicatorIds.Touchpoint(name), $"Touchpoint: {name}",
            $"mean {name} score on 1–5; driver = Pearson r of the score with the NPS answer",
            IndicatorUnit.Score, Direction.HigherIsBetter, 30, 4.0, 3.5, 0.02);
    }

    public IndicatorDefinition Get(string id) =>
        _definitions.TryGetValue(id, out var definition) ? definition
        : id.StartsWith(IndicatorIds.TouchpointPrefix, StringComparison.Ordinal) ? TouchpointDefinition(id[IndicatorIds.TouchpointPrefix.Length..])
        : throw new KeyNotFoundException($"Unknown indicator '{id}'.");

    /// <summary>
    /// The indicator whose levels a Barometers:Thresholds key names (<see cref="SettingNames.BarometerThresholdKey"/>),
    /// or null. Keys compare ignoring case, as configuration does. A touchpoint outside the catalogue is found too:
    /// touchpoint names are kebab-case, so each '_' after "touchpoint_" stands for a '-'.
    /// </summary>
    public IndicatorDefinition? FindBySettingKey(string key)
    {
        if (_definitions.Values.FirstOrDefault(d => string.Equals(SettingNames.BarometerThresholdKey(d.Id), key, StringComparison.OrdinalIgnoreCase)) is { } known)
            return known;
        var touchpointKey = SettingNames.BarometerThresholdKey(IndicatorIds.TouchpointPrefix);
        return key.Length > touchpointKey.Length && key.StartsWith(touchpointKey, StringComparison.OrdinalIgnoreCase)
            ? TouchpointDefinition(key[touchpointKey.Length..].Replace('_', '-'))
            : null;
    }

    public IndicatorCatalogue With(IndicatorDefinition definition) => new(_definitions.SetItem(definition.Id, definition));

    public IndicatorCatalogue WithThresholds(string id, double? warn, double? alert, long? minimumSample = null)
    {
        var definition = Get(id);
        if (warn is { } w && alert is { } a && definition.IsWorse(w, a))
            throw new ArgumentException($"Indicator '{id}': the warn level {w} is worse than the alert level {a}.");
        return With(definition with { Warn = warn, Alert = alert, MinimumSample = minimumSample ?? definition.MinimumSample });
    }

    /// <summary>The catalogue as a Markdown table, for the README.</summary>
    public string ToMarkdown()
    {
        static string Level(double? level) => level?.ToString(CultureInfo.InvariantCulture) ?? "–";
        var text = new StringBuilder()
            .AppendLine("| id | indicator | formula | unit | better | min n | warn | alert |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var d in All)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{d.Id}` | {d.Label} | {d.Formula} | {d.Unit} | {(d.Direction == Direction.HigherIsBetter ? "higher" : "lower")} | {d.MinimumSample} | {Level(d.Warn)} | {Level(d.Alert)} |");
        return text.ToString();
    }
}

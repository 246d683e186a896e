using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Barometers;

public enum IndicatorStatus { Ok, Warn, Alert, InsufficientSample }

/// <summary>An indicator's value on some data, with the sample it rests on.</summary>
public sealed record Measurement(double? Value, long N, double? Margin = null);

/// <summary>A measurement judged against its thresholds; <see cref="Threshold"/> is the level crossed, if any.</summary>
public sealed record StatusEvaluation(IndicatorStatus Status, double? Value, long N, double? Threshold);

public static class IndicatorCalculator
{
    /// <summary>
    /// The value of one catalogue indicator. Customer-base indicators come from the snapshot (stocks are not
    /// summed over days); without one they have no value.
    /// </summary>
    public static Measurement Measure(string id, BarometerAggregate aggregate, CustomerBaseSnapshot? snapshot = null,
        ServiceLevelOptions? serviceLevel = null)
    {
        if (id.StartsWith(IndicatorIds.TouchpointPrefix, StringComparison.Ordinal))
        {
            var touchpoint = Measures.Touchpoint(aggregate, id[IndicatorIds.TouchpointPrefix.Length..]);
            return new(touchpoint.Mean, touchpoint.N);
        }
        switch (id)
        {
            case IndicatorIds.Nps:
                var nps = Measures.Nps(aggregate);
                return new(nps.Score, nps.N, nps.MarginOfError);
            case IndicatorIds.Csat: return Csat(aggregate, c => c.SatisfiedPercent);
            case IndicatorIds.CsatTopBox: return Csat(aggregate, c => c.TopBoxPercent);
            case IndicatorIds.CsatMean: return Csat(aggregate, c => c.Mean);
            case IndicatorIds.CesMean: return Ces(aggregate, c => c.Mean);
            case IndicatorIds.CesEasy: return Ces(aggregate, c => c.EasyPercent);
            case IndicatorIds.ResponseRate:
                var rate = Measures.ResponseRate(aggregate);
                return new(rate.Percent, rate.InvitationsDelivered);
            case IndicatorIds.ComplaintCount:
                var count = Measures.Complaints(aggregate);
                return new(count.Count, count.Count);
            case IndicatorIds.ComplaintsPer100Stays:
                var complaints = Measures.Complaints(aggregate);
                return new(complaints.Per100Stays, complaints.Stays);
            case IndicatorIds.ServiceLevel:
                var calls = Measures.Calls(aggregate, serviceLevel);
                return new(calls.ServiceLevelPercent, calls.Offered);
            case IndicatorIds.AverageSpeedOfAnswer:
                var answered = Measures.Calls(aggregate, serviceLevel);
                return new(answered.AverageSpeedOfAnswerSeconds, answered.Answered);
            case IndicatorIds.Abandonment:
                var abandoned = Measures.Calls(aggregate, serviceLevel);
                return new(abandoned.AbandonmentPercent, abandoned.Answered + abandoned.Abandoned);
            case IndicatorIds.FirstContactResolution:
                var fcr = Measures.FirstContactResolution(aggregate);
                return new(fcr.Percent, fcr.Known);
            case IndicatorIds.RequestsPerAgentDay:
                var productivity = Measures.AgentProductivity(aggregate);
                return new(productivity.PerAgentDay, productivity.AgentDays);
            case IndicatorIds.SkillsIndex:
                var skills = Measures.Skills(aggregate);
                return new(skills.Index, skills.N);
        }
        if (!IndicatorIds.IsCustomerBase(id))
            throw new KeyNotFoundException($"Unknown indicator '{id}'.");
        if (snapshot is null) return new(null, 0);
        var health = Measures.CustomerBase(snapshot);
        double? value = id switch
        {
            IndicatorIds.ActiveGuests => health.ActiveGuests,
            IndicatorIds.NewGuests => health.NewGuests,
            IndicatorIds.DuplicatesMerged => health.DuplicatesMerged,
            IndicatorIds.ValidEmail => health.ValidEmailPercent,
            IndicatorIds.ValidPhone => health.ValidPhonePercent,
            IndicatorIds.Consent => health.ConsentPercent,
            IndicatorIds.Top20RevenueShare => health.Top20RevenueSharePercent,
            _ => throw new KeyNotFoundException($"Unknown indicator '{id}'."),
        };
        return new(value, snapshot.ActiveGuests);
    }

    /// <summary>Below the minimum sample (or without a value) there is no status, so no alert can fire on noise.</summary>
    public static StatusEvaluation Evaluate(IndicatorDefinition definition, Measurement measurement)
    {
        if (measurement.Value is not { } value || measurement.N < definition.MinimumSample)
            return new(IndicatorStatus.InsufficientSample, measurement.Value, measurement.N, null);
        if (definition.Alert is { } alert && definition.IsWorse(value, alert))
            return new(IndicatorStatus.Alert, value, measurement.N, alert);
        if (definition.Warn is { } warn && definition.IsWorse(value, warn))
            return new(IndicatorStatus.Warn, value, measurement.N, warn);
        return new(IndicatorStatus.Ok, value, measurement.N, null);
    }

    private static Measurement Csat(BarometerAggregate aggregate, Func<CsatMeasure, double?> pick)
    {
        var csat = Measures.Csat(aggregate);
        return new(pick(csat), csat.N);
    }

    private static Measurement Ces(BarometerAggregate aggregate, Func<CesMeasure, double?> pick)
    {
        var ces = Measures.Ces(aggregate);
        return new(pick(ces), ces.N);
    }
}

using System.Globalization;
using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Barometers;

public sealed record NpsMeasure(long N, long Promoters, long Passives, long Detractors)
{
    /// <summary>% promoters − % detractors, from −100 to 100; null without answers.</summary>
    public double? Score => N == 0 ? null : 100.0 * (Promoters - Detractors) / N;

    /// <summary>
    /// Half-width of the 95% confidence interval, in NPS points. NPS is the mean of a variable worth
    /// +1 (promoter), 0 (passive) or −1 (detractor), whose variance is pP + pD − (pP − pD)².
    /// </summary>
    public double? MarginOfError
    {
        get
        {
            if (N == 0) return null;
            double pP = (double)Promoters / N, pD = (double)Detractors / N;
            var variance = Math.Max(0, pP + pD - (pP - pD) * (pP - pD));
            return 1.96 * Math.Sqrt(variance / N) * 100;
        }
    }
}

public sealed record CsatMeasure(long N, long Satisfied, long VerySatisfied, double? Mean)
{
    /// <summary>% of answers at 4 or 5.</summary>
    public double? SatisfiedPercent => Measures.Percent(Satisfied, N);
    /// <summary>% of answers at 5: the "very satisfied" top box.</summary>
    public double? TopBoxPercent => Measures.Percent(VerySatisfied, N);
}

public sealed record CesMeasure(long N, long Easy, double? Mean)
{
    /// <summary>% of answers at 5–7 ("easy").</summary>
    public double? EasyPercent => Measures.Percent(Easy, N);
}

public sealed record ResponseRateMeasure(long Answers, long InvitationsDelivered)
{
    /// <summary>
    /// Answers submitted in the period ÷ invitations delivered in the period. Answers arrive days after
    /// their invitation, so a short period can show more than 100%; weeks and months smooth that out.
    /// </summary>
    public double? Percent => Measures.Percent(Answers, InvitationsDelivered);
}

public sealed record MotiveShare(string Motive, long Count, double Share);

public sealed record ComplaintsMeasure(long Count, long Stays, IReadOnlyList<MotiveShare> TopMotives)
{
    /// <summary>Complaints (survey complaint flags + complaint interactions) per 100 stays ended in the period.</summary>
    public double? Per100Stays => Stays == 0 ? null : 100.0 * Count / Stays;
}

public sealed record CallsMeasure(
    long Answered, long AnsweredWithinThreshold, long Abandoned, long ShortAbandons, long AnsweredWaitMilliseconds,
    ServiceLevelOptions Options)
{
    /// <summary>The calls the service level is measured on (see <see cref="ServiceLevelOptions"/>).</summary>
    public long Offered => Answered + (Options.AbandonedInDenominator ? Abandoned : 0);
    public double? ServiceLevelPercent => Measures.Percent(AnsweredWithinThreshold, Offered);
    /// <summary>Average speed of answer, seconds, over answered calls.</summary>
    public double? AverageSpeedOfAnswerSeconds => Answered == 0 ? null : AnsweredWaitMilliseconds / 1000.0 / Answered;
    /// <summary>Abandoned ÷ (answered + abandoned), short abandons left out of both.</summary>
    public double? AbandonmentPercent => Measures.Percent(Abandoned, Answered + Abandoned);
}

public sealed record FirstContactResolutionMeasure(long Known, long Resolved)
{
    /// <summary>Over contacts where the agent recorded whether it was resolved at first contact.</summary>
    public double? Percent => Measures.Percent(Resolved, Known);
}

public sealed record AgentProductivityMeasure(long Handled, long AgentDays)
{
    /// <summary>Handled requests ÷ agent-days (an agent with at least one handled request that day).</summary>
    public double? PerAgentDay => AgentDays == 0 ? null : (double)Handled / AgentDays;
}

public sealed record SkillScore(string Skill, long N, double Mean)
{
    public double Index => Measures.SkillIndex(Mean);
}

public sealed record SkillsMeasure(long N, double? Mean, IReadOnlyList<SkillScore> PerSkill)
{
    /// <summary>Mean rating rescaled from 1–5 to 0–100: (mean − 1) ÷ 4 × 100.</summary>
    public double? Index => Mean is { } mean ? Measures.SkillIndex(mean) : null;
}

/// <summary>
/// A moment of truth: its mean score and how strongly it moves with the NPS answer.
/// With one predictor the standardized regression slope equals Pearson's r; <see cref="Slope"/> is the
/// raw one (NPS-answer points per touchpoint point). Both are null when either variable has no
/// variance or there are fewer than 2 pairs: a driver cannot be estimated there, which is not 0.
/// </summary>
public sealed record TouchpointMeasure(string Touchpoint, long N, double? Mean, long Pairs, double? Correlation, double? Slope)
{
    public double? StandardizedSlope => Correlation;
}

public sealed record CustomerBaseHealth(
    long ActiveGuests, long NewGuests, long DuplicatesMerged,
    double? ValidEmailPercent, double? ValidPhonePercent, double? ConsentPercent, double? Top20RevenueSharePercent);

/// <summary>The arithmetic of every indicator, read from an aggregate.</summary>
public static class Measures
{
    public static NpsMeasure Nps(BarometerAggregate a)
    {
        var counts = ScoreCounts(a, CounterKeys.NpsPrefix);
        long Range(int lo, int hi) => counts.Where(c => c.Key >= lo && c.Key <= hi).Sum(c => c.Value);
        return new NpsMeasure(counts.Values.Sum(), Promoters: Range(9, 10), Passives: Range(7, 8), Detractors: Range(0, 6));
    }

    public static CsatMeasure Csat(BarometerAggregate a)
    {
        var counts = ScoreCounts(a, CounterKeys.CsatPrefix);
        return new CsatMeasure(counts.Values.Sum(), counts.Where(c => c.Key >= 4).Sum(c => c.Value),
            counts.GetValueOrDefault(5), Mean(counts));
    }

    public static CesMeasure Ces(BarometerAggregate a)
    {
        var counts = ScoreCounts(a, CounterKeys.CesPrefix);
        return new CesMeasure(counts.Values.Sum(), counts.Where(c => c.Key >= 5).Sum(c => c.Value), Mean(counts));
    }

    public static ResponseRateMeasure ResponseRate(BarometerAggregate a) =>
        new(a.Get(CounterKeys.Answers), a.Get(CounterKeys.Invitations));

    public static ComplaintsMeasure Complaints(BarometerAggregate a, int topMotives = 3)
    {
        var motives = a.WithPrefix(CounterKeys.ComplaintPrefix).ToList();
        var total = motives.Sum(m => m.Value);
        var top = motives
            .OrderByDescending(m => m.Value).ThenBy(m => m.Suffix, StringComparer.Ordinal)
            .Take(topMotives)
            .Select(m => new MotiveShare(m.Suffix, m.Value, (double)m.Value / total))
            .ToList();
        return new ComplaintsMeasure(total, a.Get(CounterKeys.Stays), top);
    }

    public static CallsMeasure Calls(BarometerAggregate a, ServiceLevelOptions? options = null)
    {
        options ??= ServiceLevelOptions.Default;
        options.Validate();
        var answered = Buckets(a, CounterKeys.AnsweredPrefix);
        var abandoned = Buckets(a, CounterKeys.AbandonedPrefix);
        var shortAbandons = abandoned.Where(b => b.Key <= options.ShortAbandonSeconds && options.ShortAbandonSeconds > 0).Sum(b => b.Value);
        return new CallsMeasure(
            Answered: answered.Values.Sum(),
            AnsweredWithinThreshold: answered.Where(b => b.Key <= options.ThresholdSeconds).Sum(b => b.Value),
            Abandoned: abandoned.Values.Sum() - shortAbandons,
            ShortAbandons: shortAbandons,
            AnsweredWaitMilliseconds: a.Get(CounterKeys.AnsweredWaitMilliseconds),
            options);
    }

    public static FirstContactResolutionMeasure FirstContactResolution(BarometerAggregate a) =>
        new(a.Get(CounterKeys.FcrKnown), a.Get(CounterKeys.FcrYes));

    public static AgentProductivityMeasure AgentProductivity(BarometerAggregate a) =>
        new(a.Get(CounterKeys.Handled), a.WithPrefix(CounterKeys.AgentDayPrefix).LongCount());

    public static SkillsMeasure Skills(BarometerAggregate a)
    {
        // "skill|{rating}|{skill}"
        var ratings = a.WithPrefix(CounterKeys.SkillPrefix)
            .Select(c => (Rating: int.Parse(c.Suffix[..c.Suffix.IndexOf('|')], CultureInfo.InvariantCulture),
                          Skill: c.Suffix[(c.Suffix.IndexOf('|') + 1)..], Count: c.Value))
            .ToList();
        var perSkill = ratings.GroupBy(r => r.Skill)
            .Select(g => new SkillScore(g.Key, g.Sum(r => r.Count), (double)g.Sum(r => r.Rating * r.Count) / g.Sum(r => r.Count)))
            .OrderBy(s => s.Skill, StringComparer.Ordinal)
            .ToList();
        long n = ratings.Sum(r => r.Count);
        double? mean = n == 0 ? null : (double)ratings.Sum(r => r.Rating * r.Count) / n;
        return new SkillsMeasure(n, mean, perSkill);
    }

    public static TouchpointMeasure Touchpoint(BarometerAggregate a, string touchpoint)
    {
        var name = Barometers.Touchpoints.Normalize(touchpoint);
        long S(TouchpointStat stat) => a.Get(CounterKeys.Touchpoint(stat, name));

        long n = S(TouchpointStat.Count);
        double? mean = n == 0 ? null : (double)S(TouchpointStat.Sum) / n;

        // Pearson r from raw sums, kept in integers until the last step so a perfect relation gives exactly 1:
        //   r = (mΣxy − ΣxΣy) / √((mΣx² − (Σx)²)(mΣy² − (Σy)²)),  slope = (mΣxy − ΣxΣy) / (mΣx² − (Σx)²)
        long m = S(TouchpointStat.PairCount);
        long sx = S(TouchpointStat.PairSumScore), sy = S(TouchpointStat.PairSumNps);
        var covariance = (Int128)m * S(TouchpointStat.PairSumCrossProducts) - (Int128)sx * sy;
        var varianceX = (Int128)m * S(TouchpointStat.PairSumScoreSquares) - (Int128)sx * sx;
        var varianceY = (Int128)m * S(TouchpointStat.PairSumNpsSquares) - (Int128)sy * sy;
        double? r = null, slope = null;
        if (m >= 2 && varianceX > 0 && varianceY > 0)
        {
            r = Math.Clamp((double)covariance / Math.Sqrt((double)varianceX * (double)varianceY), -1, 1);
            slope = (double)covariance / (double)varianceX;
        }
        return new TouchpointMeasure(name, n, mean, m, r, slope);
    }

    /// <summary>Every touchpoint that has at least one score in the aggregate.</summary>
    public static IReadOnlyList<TouchpointMeasure> Touchpoints(BarometerAggregate a) =>
        a.WithPrefix(CounterKeys.TouchpointPrefix + "n|")
            .Select(c => Touchpoint(a, c.Suffix))
            .ToList();

    public static CustomerBaseHealth CustomerBase(CustomerBaseSnapshot snapshot) => new(
        snapshot.ActiveGuests, snapshot.NewGuests, snapshot.DuplicatesMerged,
        Percent(snapshot.WithValidEmail, snapshot.ActiveGuests),
        Percent(snapshot.WithValidPhone, snapshot.ActiveGuests),
        Percent(snapshot.WithConsent, snapshot.ActiveGuests),
        snapshot is { Top20Revenue: { } top, TotalRevenue: { } total }
            ? (total > 0 ? (double)(100m * top / total) : null)
            : Top20RevenueSharePercent(snapshot.RevenuePerGuest));

    /// <summary>
    /// Share of revenue made by the best 20% of guests, the top group being ⌈20% of guests⌉ (at least one),
    /// so 5 guests → the best 1, 12 guests → the best 3. Null without revenue.
    /// </summary>
    public static double? Top20RevenueSharePercent(IReadOnlyList<decimal> revenuePerGuest)
    {
        var total = revenuePerGuest.Sum();
        if (revenuePerGuest.Count == 0 || total <= 0) return null;
        var topCount = (int)Math.Ceiling(revenuePerGuest.Count * 0.2m);
        var top = revenuePerGuest.OrderByDescending(r => r).Take(topCount).Sum();
        return (double)(100m * top / total);
    }

    internal static double? Percent(long part, long whole) => whole == 0 ? null : 100.0 * part / whole;

    internal static double SkillIndex(double mean) => (mean - 1) / 4 * 100;

    private static Dictionary<int, long> ScoreCounts(BarometerAggregate a, string prefix) =>
        a.WithPrefix(prefix).ToDictionary(c => int.Parse(c.Suffix, CultureInfo.InvariantCulture), c => c.Value);

    private static Dictionary<int, long> Buckets(BarometerAggregate a, string prefix) => ScoreCounts(a, prefix);

    private static double? Mean(Dictionary<int, long> counts)
    {
        var n = counts.Values.Sum();
        return n == 0 ? null : (double)counts.Sum(c => c.Key * c.Value) / n;
    }
}

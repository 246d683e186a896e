using System.Globalization;

namespace CrmFunctions.Core.Barometers;

/// <summary>
/// Names of the counters inside an aggregate. Fixed parts come first and free text (motive,
/// touchpoint, skill, agent id) last, so a name with a "|" in it can still be read back.
/// </summary>
internal static class CounterKeys
{
    public const string Answers = "answers";
    public const string Invitations = "invitations";
    public const string Stays = "stays";
    public const string AnsweredWaitMilliseconds = "call.waitms";
    public const string FcrYes = "fcr.yes";
    public const string FcrKnown = "fcr.known";
    public const string Handled = "handled";

    public const string NpsPrefix = "nps|";
    public const string CsatPrefix = "csat|";
    public const string CesPrefix = "ces|";
    public const string ComplaintPrefix = "complaint|";
    public const string TouchpointPrefix = "tp|";
    public const string AnsweredPrefix = "call.answered|";
    public const string AbandonedPrefix = "call.abandoned|";
    public const string AgentDayPrefix = "agentday|";
    public const string SkillPrefix = "skill|";

    /// <summary>
    /// Waits are kept per whole second (rounded up) so that the service-level threshold and the
    /// short-abandon cut-off can be changed without re-reading the facts. Anything longer than this
    /// lands in one overflow bucket.
    /// </summary>
    public const int MaxTrackedWaitSeconds = 600;
    public const int OverflowWaitBucket = MaxTrackedWaitSeconds + 1;

    public static string Nps(int score) => NpsPrefix + Int(score);
    public static string Csat(int score) => CsatPrefix + Int(score);
    public static string Ces(int score) => CesPrefix + Int(score);
    public static string Complaint(string motive) => ComplaintPrefix + motive;
    public static string Answered(int waitBucket) => AnsweredPrefix + Int(waitBucket);
    public static string Abandoned(int waitBucket) => AbandonedPrefix + Int(waitBucket);
    public static string AgentDay(DateOnly day, string agentId) =>
        AgentDayPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "|" + agentId;
    public static string Skill(int rating, string skill) => SkillPrefix + Int(rating) + "|" + skill;
    public static string Touchpoint(TouchpointStat stat, string touchpoint) => TouchpointPrefix + StatName(stat) + "|" + touchpoint;

    public static int WaitBucket(TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero) return 0;
        var seconds = Math.Ceiling(wait.TotalSeconds);
        return seconds > MaxTrackedWaitSeconds ? OverflowWaitBucket : (int)seconds;
    }

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string StatName(TouchpointStat stat) => stat switch
    {
        TouchpointStat.Count => "n",
        TouchpointStat.Sum => "sx",
        TouchpointStat.SumOfSquares => "sxx",
        TouchpointStat.PairCount => "pn",
        TouchpointStat.PairSumScore => "px",
        TouchpointStat.PairSumNps => "py",
        TouchpointStat.PairSumScoreSquares => "pxx",
        TouchpointStat.PairSumNpsSquares => "pyy",
        TouchpointStat.PairSumCrossProducts => "pxy",
        _ => throw new ArgumentOutOfRangeException(nameof(stat)),
    };
}

/// <summary>
/// Per touchpoint: the score alone (every answer that rated it) and the sums over answers that
/// gave both the score (x) and the NPS answer (y), which is all a correlation or a regression needs.
/// </summary>
internal enum TouchpointStat
{
    Count, Sum, SumOfSquares,
    PairCount, PairSumScore, PairSumNps, PairSumScoreSquares, PairSumNpsSquares, PairSumCrossProducts,
}

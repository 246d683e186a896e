using System.Globalization;
using System.Net;
using System.Text;
using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Campaigns.ManagerAlerts;

/// <summary>
/// A digest as managers read it: a short line per indicator and scope (its week and month changes together) with a
/// link to the dashboard on that property and period, then one line of baseline. Plain text for chat webhooks
/// (Slack and Teams make bare links clickable), HTML and text for e-mail.
/// </summary>
public static class DigestText
{
    public static string Subject(AlertDigest digest, string? list = null)
    {
        var changes = digest.ChangeCount;
        var toAlert = digest.Groups.Sum(g => g.Changes.Count(c => c.To == IndicatorStatus.Alert));
        var (evaluated, outside) = Baseline(digest);
        var subject = changes > 0
            ? Invariant($"Barometer alerts: {changes} change{(changes == 1 ? "" : "s")}{(toAlert > 0 ? Invariant($", {toAlert} to alert") : "")}")
            : Invariant($"Barometer baseline: {outside} of {evaluated} outside their thresholds");
        return list is null ? subject : $"{subject} ({list})";
    }

    /// <summary>The text of a chat post or of an e-mail's text part.</summary>
    public static string Text(AlertDigest digest, string dashboardUrl)
    {
        var text = new StringBuilder();
        text.Append(Subject(digest)).Append(Invariant($" (refresh of {digest.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC)")).Append('\n');
        foreach (var group in digest.Groups)
            text.Append("• ").Append(Line(group)).Append("\n  ").Append(Link(dashboardUrl, group)).Append('\n');
        if (digest.OmittedGroups > 0)
            text.Append(Invariant($"• and {digest.OmittedGroups} more on the dashboard\n"));
        if (BaselineLine(digest) is { } baseline)
            text.Append(baseline).Append(": ").Append(DashboardLink(dashboardUrl, null)).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    public static string Html(AlertDigest digest, string dashboardUrl)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder("<html><body>");
        html.Append("<p>").Append(E(Subject(digest))).Append(E(Invariant($" (refresh of {digest.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC)")))
            .Append("</p>");
        if (digest.Groups.Count > 0 || digest.OmittedGroups > 0)
        {
            html.Append("<ul>");
            foreach (var group in digest.Groups)
                html.Append("<li>").Append(E(Line(group))).Append(" — <a href=\"").Append(E(Link(dashboardUrl, group))).Append("\">dashboard</a></li>");
            if (digest.OmittedGroups > 0)
                html.Append("<li>").Append(E(Invariant($"and {digest.OmittedGroups} more on the dashboard"))).Append("</li>");
            html.Append("</ul>");
        }
        if (BaselineLine(digest) is { } baseline)
            html.Append("<p>").Append(E(baseline)).Append(" — <a href=\"").Append(E(DashboardLink(dashboardUrl, null))).Append("\">dashboard</a></p>");
        return html.Append("</body></html>").ToString();
    }

    /// <summary>"ALERT NPS, paris-opera: week 2026-W49 ok → alert at -33.3 (level 10); month 2026-12 ok → warn at 12 (level 30)".</summary>
    public static string Line(AlertGroup group)
    {
        var changes = group.Changes.Select(c =>
            Invariant($"{c.Period} {c.PeriodLabel} {Name(c.From)} → {Name(c.To)} at {Number(c.Value)} (level {Number(c.Threshold)})"));
        return $"{Name(group.Worst).ToUpperInvariant()} {group.Label}, {ScopeName(group.Scope)}: {string.Join("; ", changes)}";
    }

    /// <summary>The dashboard on the group's property, on the period of its most severe change.</summary>
    public static string Link(string dashboardUrl, AlertGroup group)
    {
        var change = group.Changes.MaxBy(c => AlertDigests.Severity(c.To))!;
        return DashboardLink(dashboardUrl, new Dictionary<string, string?>
        {
            ["period"] = change.Period,
            ["date"] = change.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["property"] = group.Property,
            ["indicator"] = group.Indicator,
        });
    }

    private static string DashboardLink(string dashboardUrl, Dictionary<string, string?>? query)
    {
        var url = dashboardUrl.TrimEnd('/') + "/api/dashboard";
        var parameters = (query ?? []).Where(p => p.Value is not null).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return parameters.Count == 0 ? url : url + "?" + string.Join("&", parameters);
    }

    private static (int Evaluated, int Outside) Baseline(AlertDigest digest) =>
        (digest.Baseline.Sum(b => b.Evaluated), digest.Baseline.Sum(b => b.Outside));

    private static string? BaselineLine(AlertDigest digest)
    {
        if (digest.Baseline.Count == 0) return null;
        var (evaluated, outside) = Baseline(digest);
        var alert = digest.Baseline.Sum(b => b.Alert);
        return Invariant($"Baseline: {evaluated} indicator reading{(evaluated == 1 ? "" : "s")} evaluated for the first time, {outside} outside their thresholds ({alert} alert, {outside - alert} warn)");
    }

    /// <summary>"paris-opera", "all properties", or the scope with its segment or channel when one is set.</summary>
    private static string ScopeName(string scope)
    {
        var parts = scope.Split('|').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[1] != "*").ToList();
        if (parts.Count == 0) return "all properties";
        return string.Join(", ", parts.Select(p => p[0] == "property" ? p[1] : $"{p[0]} {p[1]}"));
    }

    private static string Name(IndicatorStatus status) => status switch
    {
        IndicatorStatus.Ok => "ok",
        IndicatorStatus.Warn => "warn",
        IndicatorStatus.Alert => "alert",
        _ => "n/a",
    };

    private static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

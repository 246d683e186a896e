using System.Globalization;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Barometers;

/// <summary>The read API's JSON shapes (camelCase, enums as camelCase strings), from the pure core's reports.</summary>
public static class BarometerJson
{
    public static JsonObject Period(Period period) => new()
    {
        ["kind"] = BarometerStore.KindName(period.Kind),
        ["label"] = period.Label,
        ["start"] = Day(period.Start),
        ["end"] = Day(period.End),
    };

    public static JsonObject Filter(BarometerFilter filter) => new()
    {
        ["property"] = filter.Property,
        ["segment"] = filter.Segment,
        ["channel"] = filter.Channel,
    };

    /// <summary>One indicator of a report; values are rounded to 2 decimals, as shown.</summary>
    public static JsonObject Indicator(BarometerLine line, Period period)
    {
        var d = line.Definition;
        return new JsonObject
        {
            ["id"] = d.Id,
            ["label"] = d.Label,
            ["unit"] = BarometerRefresher.Name(d.Unit),
            ["direction"] = BarometerRefresher.Name(d.Direction),
            ["formula"] = d.Formula,
            ["value"] = Round(line.Value),
            ["n"] = line.N,
            ["margin"] = Round(line.Margin),
            ["minimumSample"] = d.MinimumSample,
            ["status"] = BarometerRefresher.Name(line.Status),
            ["threshold"] = line.Threshold,
            ["warn"] = d.Warn,
            ["alert"] = d.Alert,
            ["previous"] = new JsonObject { ["label"] = period.Previous().Label, ["value"] = Round(line.PreviousValue) },
            ["trend"] = line.Trend is { } trend ? BarometerRefresher.Name(trend) : null,
            ["trendIsGood"] = line.TrendIsGood,
        };
    }

    public static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

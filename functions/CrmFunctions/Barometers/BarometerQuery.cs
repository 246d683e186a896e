using System.Globalization;
using CrmFunctions.Core;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrmFunctions.Barometers;

/// <summary>The query parameters the read API shares, checked: a bad one is a 400 naming it.</summary>
public sealed record BarometerQuery(Period Period, BarometerFilter Filter)
{
    public static bool TryParse(HttpRequest request, TimeProvider clock, out BarometerQuery query, out ValidationProblem? problem)
    {
        query = null!;
        var errors = new Dictionary<string, string[]>();
        var q = request.Query;

        PeriodKind? kind = q["period"].ToString() switch
        {
            "day" => PeriodKind.Day,
            "week" => PeriodKind.IsoWeek,
            "month" => PeriodKind.Month,
            "" => null,
            _ => null,
        };
        if (kind is null)
            errors["period"] = [string.IsNullOrEmpty(q["period"]) ? "is required: day, week or month." : "must be day, week or month."];

        var date = Day(request, "date", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), errors);

        var filter = new BarometerFilter(Text(q, "property", errors), Text(q, "segment", errors), Text(q, "channel", errors));
        problem = errors.Count == 0 ? null : Invalid(errors);
        if (problem is null) query = new BarometerQuery(Period.Containing(kind!.Value, date!.Value), filter);
        return problem is null;
    }

    /// <summary>
    /// An optional day (yyyy-MM-dd) within the supported dates; absent gives the default. The range keeps the period
    /// arithmetic behind it (end of month, previous periods, history) inside the calendar.
    /// </summary>
    public static DateOnly? Day(HttpRequest request, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text)) return fallback;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && SupportedDates.Contains(day)) return day;
        errors[name] = [$"must be a day as yyyy-MM-dd, {SupportedDates.Range}."];
        return null;
    }

    /// <summary>An optional whole number within bounds; absent gives the default.</summary>
    public static int? Integer(HttpRequest request, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors[name] = [$"must be a whole number from {min} to {max}."];
        return null;
    }

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors,
        title: "The request has invalid parameters", type: Problems.TypeBase + "validation");

    private static string? Text(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        var text = q[name].ToString();
        if (text.Length == 0) return null;
        if (text.Length > 100 || text.Any(char.IsControl))
        {
            errors[name] = ["must be at most 100 printable characters."];
            return null;
        }
        return text;
    }
}

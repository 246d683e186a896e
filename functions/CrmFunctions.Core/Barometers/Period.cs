using System.Globalization;

namespace CrmFunctions.Core.Barometers;

public enum PeriodKind { Day, IsoWeek, Month }

/// <summary>
/// A calendar period. Weeks are ISO 8601 (Monday first, week 1 holds the first Thursday), so the
/// last days of December can belong to week 1 of the next year and the first days of January
/// to week 52 or 53 of the previous one.
/// </summary>
public sealed record Period(PeriodKind Kind, DateOnly Start)
{
    public DateOnly End => Kind switch
    {
        PeriodKind.Day => Start,
        PeriodKind.IsoWeek => Start.AddDays(6),
        PeriodKind.Month => Start.AddMonths(1).AddDays(-1),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    public static Period Day(DateOnly day) => new(PeriodKind.Day, day);

    public static Period IsoWeek(int isoYear, int week) =>
        new(PeriodKind.IsoWeek, DateOnly.FromDateTime(ISOWeek.ToDateTime(isoYear, week, DayOfWeek.Monday)));

    public static Period Month(int year, int month) => new(PeriodKind.Month, new DateOnly(year, month, 1));

    public static Period Containing(PeriodKind kind, DateOnly day) => kind switch
    {
        PeriodKind.Day => Day(day),
        PeriodKind.IsoWeek => IsoWeek(ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue))),
        PeriodKind.Month => Month(day.Year, day.Month),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public bool Contains(DateOnly day) => day >= Start && day <= End;

    public Period Previous() => Containing(Kind, Start.AddDays(-1));

    /// <summary>"2021-01-03", "2020-W53", "2021-01".</summary>
    public string Label => Kind switch
    {
        PeriodKind.Day => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodKind.IsoWeek => string.Create(CultureInfo.InvariantCulture,
            $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):00}"),
        PeriodKind.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    public override string ToString() => Label;
}

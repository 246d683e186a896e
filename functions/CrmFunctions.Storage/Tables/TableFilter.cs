using System.Globalization;

namespace CrmFunctions.Storage;

/// <summary>
/// Builds OData filters from interpolated strings, turning every interpolated value into a literal so that
/// user input can never change the shape of the filter.
/// </summary>
public static class TableFilter
{
    /// <example><c>TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {rk}")</c></example>
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var literals = filter.GetArguments().Select(FormatLiteral).ToArray<object?>();
        // Literals are plain strings, so format specifiers in the template cannot alter them.
        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    /// <summary>A string literal: single quotes around, inner quotes doubled.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The OData literal for a value of a type tables store.</summary>
    public static string FormatLiteral(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        char c => Quote(c.ToString()),
        bool b => b ? "true" : "false",
        int or short or byte or sbyte or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "L",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        DateTimeOffset dto => "datetime'" + TableEntityJson.FormatDateTime(dto) + "'",
        DateTime dt => "datetime'" + TableEntityJson.FormatDateTime(dt.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc))
            : new DateTimeOffset(dt)) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        _ => throw new ArgumentException($"A value of type {value.GetType().Name} cannot be used in a table filter."),
    };

    private static string FormatDouble(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException("NaN and infinities cannot be used in a table filter.");
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        // A whole number would read as Int32 and compare unequal to a Double property.
        return text.AsSpan().IndexOfAny(".eE") < 0 ? text + ".0" : text;
    }
}

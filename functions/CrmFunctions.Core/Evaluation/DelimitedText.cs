namespace CrmFunctions.Core.Evaluation;

/// <summary>Rows of a delimited text file, keyed by the header's column names.</summary>
public sealed record DelimitedTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows);

/// <summary>
/// Reads simple delimited text: a header line, a separator of one or more characters (FEBRL uses ", "),
/// no quoting. Values are kept as text, so postcodes and ids keep their leading zeros.
/// </summary>
public static class DelimitedText
{
    public static async Task<DelimitedTable> ReadAsync(TextReader reader, string separator = ",", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(separator);
        var header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new FormatException("The file is empty: a header line is expected.");
        var columns = Split(header.TrimStart('\uFEFF'), separator);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        var lineNumber = 1;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var values = Split(line, separator);
            if (values.Length != columns.Length)
                throw new FormatException($"Line {lineNumber} has {values.Length} values; the header has {columns.Length}.");
            var row = new Dictionary<string, string>(columns.Length, StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++) row[columns[i]] = values[i];
            rows.Add(row);
        }
        return new DelimitedTable(columns, rows);
    }

    private static string[] Split(string line, string separator) =>
        line.Split(separator).Select(v => v.Trim()).ToArray();
}

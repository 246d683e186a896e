namespace CrmFunctions.Core.Evaluation;

/// <summary>
/// Which columns feed which contact fields: "given_name=given_name, family_name=surname, street=street_number+address_1".
/// A "+" joins several columns with a space.
/// </summary>
public sealed record FieldMapping(IReadOnlyDictionary<string, IReadOnlyList<string>> Columns)
{
    public static IReadOnlyList<string> KnownFields { get; } =
        ["given_name", "family_name", "email", "phone", "country", "birth_date", "postcode", "city", "street", "external_id"];

    /// <summary>The FEBRL data sets (see /work/shared/data/febrl/README.md).</summary>
    public static FieldMapping Febrl { get; } = Parse(
        "given_name=given_name, family_name=surname, birth_date=date_of_birth, postcode=postcode, city=suburb, street=street_number+address_1, external_id=soc_sec_id");

    public static FieldMapping Parse(string text)
    {
        var columns = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var part in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || equals == part.Length - 1) throw new FormatException($"'{part}' is not field=column.");
            var field = part[..equals].Trim();
            if (!KnownFields.Contains(field)) throw new FormatException($"Unknown field '{field}'; expected one of {string.Join(", ", KnownFields)}.");
            columns[field] = part[(equals + 1)..].Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        return new FieldMapping(columns);
    }

    /// <summary>The row's value for each mapped field; empty values are left out.</summary>
    public IReadOnlyDictionary<string, string> Apply(IReadOnlyDictionary<string, string> row)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, sources) in Columns)
        {
            var parts = new List<string>();
            foreach (var column in sources)
            {
                if (!row.TryGetValue(column, out var value)) throw new FormatException($"Column '{column}' (for {field}) is not in the file.");
                if (value.Length > 0) parts.Add(value);
            }
            if (parts.Count > 0) fields[field] = string.Join(' ', parts);
        }
        return fields;
    }
}

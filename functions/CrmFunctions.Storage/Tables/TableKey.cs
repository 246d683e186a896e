using System.Globalization;
using System.Text;

namespace CrmFunctions.Storage;

/// <summary>
/// Makes any text usable as a PartitionKey or RowKey, which may not contain / \ # ? or control characters.
/// Those (and the escape character '~' itself) become ~XX (hex); everything else stays as it is, so keys stay
/// readable and sort like the original text. '~' rather than '%' because the Table service mishandles '%' in
/// the key part of entity URLs.
/// </summary>
public static class TableKey
{
    private const char Escape = '~';

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAny(['/', '\\', '#', '?', Escape]) && !value.Any(char.IsControl))
        {
            return value;
        }
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or Escape || char.IsControl(c))
            {
                // Control characters end at U+009F, so two hex digits are always enough.
                builder.Append(Escape).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <exception cref="FormatException">The text was not produced by <see cref="Encode"/>.</exception>
    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains(Escape))
        {
            return key;
        }
        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != Escape)
            {
                builder.Append(key[i]);
                continue;
            }
            if (i + 2 >= key.Length ||
                !int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"'{Escape}' at position {i} of the key is not followed by two hex digits.");
            }
            builder.Append((char)code);
            i += 2;
        }
        return builder.ToString();
    }
}

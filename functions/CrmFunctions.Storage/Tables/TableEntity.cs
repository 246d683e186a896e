using System.Collections;

namespace CrmFunctions.Storage;

/// <summary>
/// A table row: named properties plus the system keys. Values keep their .NET type (int, long, double, bool,
/// string, DateTimeOffset, Guid, byte[]) so that they are written back with the same Edm type.
/// Reading a property that is not there gives null rather than throwing, as rows of one table need not share a schema.
/// </summary>
public sealed class TableEntity : IDictionary<string, object?>
{
    public const string PartitionKeyName = "PartitionKey";
    public const string RowKeyName = "RowKey";
    public const string TimestampName = "Timestamp";

    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public TableEntity()
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public TableEntity(IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
        {
            _values[key] = value;
        }
    }

    public string PartitionKey
    {
        get => GetString(PartitionKeyName) ?? string.Empty;
        set => _values[PartitionKeyName] = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string RowKey
    {
        get => GetString(RowKeyName) ?? string.Empty;
        set => _values[RowKeyName] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Last modification time set by the service; never written.</summary>
    public DateTimeOffset? Timestamp
    {
        get => GetDateTimeOffset(TimestampName);
        set => _values[TimestampName] = value;
    }

    /// <summary>Opaque version of the row as last read; send it back unchanged as If-Match.</summary>
    public string? ETag { get; set; }

    /// <summary>The value, or null when the property is absent.</summary>
    public object? this[string key]
    {
        get => _values.TryGetValue(key, out var value) ? value : null;
        set => _values[key] = value;
    }

    public string? GetString(string key) => Get<string>(key, "String");

    public int? GetInt32(string key) => this[key] switch
    {
        null => null,
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        var other => throw WrongType(key, other, "Int32"),
    };

    public long? GetInt64(string key) => this[key] switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw WrongType(key, other, "Int64"),
    };

    public double? GetDouble(string key) => this[key] switch
    {
        null => null,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        var other => throw WrongType(key, other, "Double"),
    };

    public bool? GetBoolean(string key) => this[key] switch
    {
        null => null,
        bool b => b,
        var other => throw WrongType(key, other, "Boolean"),
    };

    public DateTimeOffset? GetDateTimeOffset(string key) => this[key] switch
    {
        null => null,
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime()),
        var other => throw WrongType(key, other, "DateTime"),
    };

    public Guid? GetGuid(string key) => this[key] switch
    {
        null => null,
        Guid g => g,
        var other => throw WrongType(key, other, "Guid"),
    };

    public byte[]? GetBinary(string key) => this[key] switch
    {
        null => null,
        byte[] b => b,
        BinaryData b => b.ToArray(),
        var other => throw WrongType(key, other, "Binary"),
    };

    private T? Get<T>(string key, string edmName) where T : class => this[key] switch
    {
        null => null,
        T value => value,
        var other => throw WrongType(key, other, edmName),
    };

    private static InvalidOperationException WrongType(string key, object value, string expected) =>
        new($"Property '{key}' holds a {value.GetType().Name}, not a {expected}.");

    public ICollection<string> Keys => _values.Keys;
    public ICollection<object?> Values => _values.Values;
    public int Count => _values.Count;
    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;
    public void Add(string key, object? value) => _values.Add(key, value);
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    public bool Remove(string key) => _values.Remove(key);
    public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);
    public void Clear() => _values.Clear();
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => _values.Add(item.Key, item.Value);
    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_values).Contains(item);
    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object?>>)_values).CopyTo(array, arrayIndex);
    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_values).Remove(item);

    public override string ToString() => $"TableEntity {PartitionKey}/{RowKey} ({Count} properties)";
}

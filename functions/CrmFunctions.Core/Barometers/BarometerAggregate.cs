using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace CrmFunctions.Core.Barometers;

/// <summary>
/// Everything the indicators need from a set of facts, as named integer counters (counts per score
/// value, sums, sums of squares and cross-products, wait-time buckets, agent-days, motives...).
/// Because every counter is a plain integer sum, aggregates add and subtract exactly: a late answer is
/// added to its day, a replaced or erased answer is subtracted, and rolling days up to weeks, months
/// or all properties is just addition. Zero counters are dropped so equal data gives equal aggregates.
/// </summary>
public sealed class BarometerAggregate : IEquatable<BarometerAggregate>
{
    private readonly ImmutableSortedDictionary<string, long> _counters;

    private BarometerAggregate(ImmutableSortedDictionary<string, long> counters) => _counters = counters;

    public static BarometerAggregate Empty { get; } = new(ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, long> Counters => _counters;

    public bool IsEmpty => _counters.IsEmpty;

    public static BarometerAggregate FromCounters(IEnumerable<KeyValuePair<string, long>> counters)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in counters)
        {
            if (value < 0) throw new ArgumentException($"Counter '{name}' is negative ({value}).", nameof(counters));
            builder.TryGetValue(name, out var existing);
            var total = checked(existing + value);
            if (total == 0) builder.Remove(name); else builder[name] = total;
        }
        return new BarometerAggregate(builder.ToImmutable());
    }

    public BarometerAggregate Add(BarometerAggregate other) => Combine(other, +1);

    /// <summary>
    /// Removes a contribution that was added before. Going below zero means the caller is removing
    /// something that was never counted, which would silently corrupt every later figure, so it throws.
    /// </summary>
    public BarometerAggregate Subtract(BarometerAggregate other) => Combine(other, -1);

    public static BarometerAggregate Sum(IEnumerable<BarometerAggregate> aggregates) =>
        aggregates.Aggregate(Empty, (total, next) => total.Add(next));

    internal long Get(string counter) => _counters.TryGetValue(counter, out var value) ? value : 0;

    /// <summary>Counters whose name starts with the prefix, with the prefix cut off.</summary>
    internal IEnumerable<(string Suffix, long Value)> WithPrefix(string prefix)
    {
        foreach (var (name, value) in _counters)
            if (name.StartsWith(prefix, StringComparison.Ordinal))
                yield return (name[prefix.Length..], value);
    }

    private BarometerAggregate Combine(BarometerAggregate other, int sign)
    {
        var builder = _counters.ToBuilder();
        foreach (var (name, value) in other._counters)
        {
            builder.TryGetValue(name, out var existing);
            var total = checked(existing + sign * value);
            if (total < 0)
                throw new InvalidOperationException(
                    $"Subtracting more than was added for counter '{name}' ({existing} - {value}).");
            if (total == 0) builder.Remove(name); else builder[name] = total;
        }
        return new BarometerAggregate(builder.ToImmutable());
    }

    /// <summary>
    /// A flat JSON object of the non-zero counters in ordinal order, e.g. {"answers":3,"nps|10":2,"nps|6":1}.
    /// A busy property-day stays in the low kilobytes, well inside one Table Storage string property.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _counters) writer.WriteNumber(name, value);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static BarometerAggregate FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException("An aggregate is a JSON object of counters.");
        var counters = new List<KeyValuePair<string, long>>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!property.Value.TryGetInt64(out var value))
                throw new FormatException($"Counter '{property.Name}' is not an integer.");
            counters.Add(new(property.Name, value));
        }
        return FromCounters(counters);
    }

    public bool Equals(BarometerAggregate? other) =>
        other is not null && _counters.Count == other._counters.Count
        && _counters.All(pair => other._counters.TryGetValue(pair.Key, out var value) && value == pair.Value);

    public override bool Equals(object? obj) => Equals(obj as BarometerAggregate);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (name, value) in _counters) { hash.Add(name); hash.Add(value); }
        return hash.ToHashCode();
    }

    public override string ToString() => ToJson();
}

using System.Globalization;

namespace CrmFunctions.Core.Barometers;

/// <summary>
/// Where a day aggregate belongs. Facts without a segment or channel (staff skills, unmatched
/// interactions) are kept under <see cref="NotApplicable"/>, so filtering on a guest segment
/// leaves them out rather than silently mixing them in.
/// </summary>
public sealed record AggregateKey(DateOnly Day, string Property, string Segment, string Channel)
{
    public const string NotApplicable = "-";

    public override string ToString() =>
        $"{Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{Property}|{Segment}|{Channel}";
}

/// <summary>Which slice of the data a barometer covers; null means "all".</summary>
public sealed record BarometerFilter(string? Property = null, string? Segment = null, string? Channel = null)
{
    public static BarometerFilter All { get; } = new();

    public bool Matches(AggregateKey key) =>
        (Property is null || Property == key.Property)
        && (Segment is null || Segment == key.Segment)
        && (Channel is null || Channel == key.Channel);

    public override string ToString() =>
        $"property={Property ?? "*"}|segment={Segment ?? "*"}|channel={Channel ?? "*"}";
}

namespace CrmFunctions.Core.Intake;

/// <summary>One problem with the input: the JSON path of the field (e.g. "contacts[3].emails[0]") and why.</summary>
public sealed record ValidationError(string Field, string Reason);

/// <summary>Collects errors under a path prefix, so nested validators report full field paths.</summary>
public sealed class ValidationErrors
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> All => _errors;

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string reason) => _errors.Add(new ValidationError(field, reason));

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            Add(field, $"must be at most {max} characters.");
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
            Add(field, $"must be between {min} and {max}.");
    }

    /// <summary>Groups messages per field, the shape of ASP.NET Core's validation problem "errors" member.</summary>
    public IDictionary<string, string[]> ToDictionary() =>
        _errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray(), StringComparer.Ordinal);
}

public static class FieldPath
{
    public static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    public static string Index(string prefix, int index) => $"{prefix}[{index}]";
}

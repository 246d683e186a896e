namespace CrmFunctions.Core.Intake;

/// <summary>Small checks shared by the intake validators.</summary>
public static class IntakeChecks
{
    public static void Required(ValidationErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add(field, "is required.");
        else
            errors.MaxLength(field, value, max);
    }

    /// <summary>A value from a closed vocabulary, compared without case (senders write "Phone" or "phone").</summary>
    public static void OneOf(ValidationErrors errors, string field, string? value, IReadOnlyList<string> allowed, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                errors.Add(field, $"is required: one of {string.Join(", ", allowed)}.");
            return;
        }
        if (!allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            errors.Add(field, $"must be one of {string.Join(", ", allowed)}.");
    }

    public static void NotInFuture(ValidationErrors errors, string field, DateTimeOffset? value, DateTimeOffset now, bool required)
    {
        if (value is null)
        {
            if (required)
                errors.Add(field, "is required (ISO 8601 with offset).");
        }
        else if (value > now.AddMinutes(10))
            errors.Add(field, "must not be in the future.");
    }
}

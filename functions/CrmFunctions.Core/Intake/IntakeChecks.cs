using CrmFunctions.Core.Normalization;

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

    /// <summary>When something happened: not in the future (ten minutes of clock skew allowed) and within the supported dates.</summary>
    public static void Happened(ValidationErrors errors, string field, DateTimeOffset? value, DateTimeOffset now, bool required)
    {
        if (value is null)
        {
            if (required)
                errors.Add(field, "is required (ISO 8601 with offset).");
        }
        else if (!SupportedDates.Contains(value.Value))
            errors.Add(field, $"must be {SupportedDates.Range}.");
        else if (value > now.AddMinutes(10))
            errors.Add(field, "must not be in the future.");
    }

    public static void Supported(ValidationErrors errors, string field, DateTimeOffset? value)
    {
        if (value is { } time && !SupportedDates.Contains(time))
            errors.Add(field, $"must be {SupportedDates.Range}.");
    }

    public static void Supported(ValidationErrors errors, string field, DateOnly? value)
    {
        if (value is { } day && !SupportedDates.Contains(day))
            errors.Add(field, $"must be {SupportedDates.Range}.");
    }

    /// <summary>An IP address kept as consent evidence: IPv4 as a dotted quad, or IPv6; blank means none was recorded.</summary>
    public static void IpAddress(ValidationErrors errors, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && IpAddresses.Canonical(value) is null)
            errors.Add(field, "is not an IP address (expected IPv4 such as 203.0.113.7 or IPv6 such as 2001:db8::7).");
    }
}

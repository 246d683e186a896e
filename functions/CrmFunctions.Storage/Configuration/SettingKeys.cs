using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Storage;

public static class SettingKeys
{
    /// <summary>App settings use "__" between sections (environment variables); IConfiguration uses ":".</summary>
    public static string Of(string settingName) => settingName.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>The setting's value trimmed, or null when it is absent or blank (an empty app setting means "not set").</summary>
    public static string? Read(IConfiguration configuration, string settingName) =>
        configuration[Of(settingName)] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

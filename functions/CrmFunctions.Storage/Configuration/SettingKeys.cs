namespace CrmFunctions.Storage;

public static class SettingKeys
{
    /// <summary>App settings use "__" between sections (environment variables); IConfiguration uses ":".</summary>
    public static string Of(string settingName) => settingName.Replace("__", ":", StringComparison.Ordinal);
}

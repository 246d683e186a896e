using CrmFunctions.Storage;

namespace CrmFunctions.Hosting;

/// <summary>Configuration and clients for command-line verbs: local.settings.json, then environment variables.</summary>
public static class CliContext
{
    public static IConfiguration Configuration()
    {
        var builder = new ConfigurationBuilder();
        LocalSettings.AddTo(builder, Directory.GetCurrentDirectory());
        builder.AddEnvironmentVariables();
        return builder.Build();
    }

    /// <exception cref="SettingsException">The storage settings are missing or contradictory.</exception>
    public static StorageServices Storage(IConfiguration configuration)
    {
        var settings = StorageSettings.From(configuration);
        SettingsException.ThrowIfAny(settings.Problems());
        return StorageServices.Create(settings);
    }
}

/// <summary>Settings a command cannot run with; the message names each one.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public static void ThrowIfAny(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        if (list.Count > 0)
            throw new SettingsException(list);
    }
}

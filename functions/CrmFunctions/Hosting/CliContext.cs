using CrmFunctions.Storage;

namespace CrmFunctions.Hosting;

/// <summary>Configuration and storage for command-line verbs: local.settings.json, then environment variables.</summary>
public static class CliContext
{
    public static IConfiguration Configuration()
    {
        var builder = new ConfigurationBuilder();
        LocalSettings.AddTo(builder, Directory.GetCurrentDirectory());
        builder.AddEnvironmentVariables();
        return builder.Build();
    }

    public static StorageServices Storage(IConfiguration configuration) =>
        new(StorageRegistration.ResolveAccount(configuration), new StorageClientOptions());
}

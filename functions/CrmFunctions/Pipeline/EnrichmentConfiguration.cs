using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;

namespace CrmFunctions.Pipeline;

/// <summary>
/// The enrichment rules as configured (section "Enrichment", see <see cref="EnrichmentOptions"/>). Segments, loyalty
/// tiers and comment topics are keyed by their names, which are kebab-case ("at-risk", "check-in-wait"); in a setting
/// name each '-' is written '_' (Enrichment__Segmentation__Rules__at_risk__MinRecencyDays) and read back as '-', so
/// a setting changes the default rule it names.
/// </summary>
public static class EnrichmentConfiguration
{
    private const string Section = "Enrichment";

    /// <summary>The dictionaries keyed by a name, and the names they hold by default.</summary>
    private static readonly (string Path, IEnumerable<string> Defaults)[] NamedEntries =
    [
        ("Segmentation:Rules", EnrichmentOptions.Default.Segmentation.Rules.Keys),
        ("Loyalty:TierNights", EnrichmentOptions.Default.Loyalty.TierNights.Keys),
        ("Comments:Topics", EnrichmentOptions.Default.Comments.Topics.Keys),
        ("Comments:AdditionalTopics", EnrichmentOptions.Default.Comments.Topics.Keys),
    ];

    public static EnrichmentOptions Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).AsEnumerable(makePathsRelative: true)
            .Where(s => s.Value is not null)
            .Select(s => KeyValuePair.Create(WithNamesRead(s.Key), s.Value));
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<EnrichmentOptions>() ?? EnrichmentOptions.Default;
    }

    /// <summary>"Segmentation:Rules:at_risk:MinStays" → "Segmentation:Rules:at-risk:MinStays".</summary>
    private static string WithNamesRead(string key)
    {
        var parts = key.Split(ConfigurationPath.KeyDelimiter);
        foreach (var (path, defaults) in NamedEntries)
        {
            var depth = path.Split(ConfigurationPath.KeyDelimiter).Length;
            if (parts.Length <= depth || !string.Equals(string.Join(ConfigurationPath.KeyDelimiter, parts[..depth]), path, StringComparison.OrdinalIgnoreCase))
                continue;
            parts[depth] = NameOf(parts[depth], path, defaults);
            return string.Join(ConfigurationPath.KeyDelimiter, parts);
        }
        return key;
    }

    /// <summary>
    /// Only the '_' form is accepted, even where a '-' would reach the app (local.settings.json, a workstation's
    /// environment): in Azure, App Service on Linux drops it, and Enrichment__Segmentation__Rules__at-risk__…
    /// would become a new segment "atrisk" beside the default one. Refusing it at start-up, with the name to use,
    /// gives an operator one name that behaves the same on a laptop and in Azure.
    /// </summary>
    private static string NameOf(string key, string path, IEnumerable<string> defaults)
    {
        var prefix = Setting(path);
        if (!SettingNames.IsKey(key))
            throw new InvalidOperationException(
                $"Setting {prefix}{key}__…: write the name with '_' for '-', as {prefix}{SettingNames.Key(key)}__… " +
                "(App Service on Linux passes on only the letters, digits and '_' of a setting name).");
        if (SettingNames.RenamedFrom(key, defaults) is { } meant)
            throw new InvalidOperationException(
                $"Setting {prefix}{key}__…: this is what App Service on Linux makes of '{meant}' written as it is; name it {prefix}{SettingNames.Key(meant)}__….");
        return key.Replace('_', '-');
    }

    private static string Setting(string path) => $"{Section}__{path.Replace(ConfigurationPath.KeyDelimiter, "__")}__";
}

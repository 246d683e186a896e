using System.Globalization;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Barometers;

/// <summary>
/// The barometer as configured: which indicators it shows (Barometers__Indicators, comma-separated ids) and the
/// levels of any indicator (<see cref="SettingNames.BarometerThreshold"/>: Barometers__Thresholds__{key}__Warn,
/// __Alert, __MinimumSample, the key being the indicator id with '.' and '-' written '_'). A bad setting fails at
/// start-up, naming it, rather than silently showing the defaults.
/// </summary>
public static class BarometerConfiguration
{
    private static readonly string[] Levels = ["Warn", "Alert", "MinimumSample"];

    public static BarometerSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Barometers");
        var catalogue = IndicatorCatalogue.CreateDefault();
        foreach (var levels in section.GetSection("Thresholds").GetChildren())
        {
            var id = IndicatorOf(levels.Key, catalogue).Id;
            RefuseUnknownLevels(levels);
            var current = catalogue.Get(id);
            catalogue = catalogue.WithThresholds(id,
                Number(levels, "Warn") ?? current.Warn,
                Number(levels, "Alert") ?? current.Alert,
                Number(levels, "MinimumSample") is { } min ? (long)min : null);
        }

        var indicators = BarometerSettings.DefaultIndicators;
        if (section["Indicators"] is { } list && !string.IsNullOrWhiteSpace(list))
        {
            indicators = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var id in indicators)
            {
                try { catalogue.Get(id); }
                catch (KeyNotFoundException) { throw new InvalidOperationException($"Setting {SettingNames.BarometersIndicators}: unknown indicator '{id}'."); }
            }
        }
        return new BarometerSettings { Catalogue = catalogue, Indicators = indicators };
    }

    /// <summary>
    /// The indicator a Barometers:Thresholds key names. Only the '_' form is accepted, even where a '.' or '-' would
    /// reach the app (local.settings.json, appsettings, environment variables on a workstation): a level tried
    /// locally under the id as written would be lost or renamed once the same name is set in Azure, where App
    /// Service on Linux passes on only letters, digits and '_'. Refusing it at start-up, with the name to use,
    /// gives an operator one name that behaves the same on a laptop and in Azure.
    /// </summary>
    private static IndicatorDefinition IndicatorOf(string key, IndicatorCatalogue catalogue)
    {
        var setting = SettingNames.BarometersThresholdPrefix + key + "__…";
        if (!SettingNames.IsKey(key))
            throw new InvalidOperationException(
                $"Setting {setting}: write the indicator id with '_' for '.' and '-', as {SettingNames.BarometersThresholdPrefix}{SettingNames.BarometerThresholdKey(key)}__… " +
                "(App Service on Linux passes on only the letters, digits and '_' of a setting name).");
        if (catalogue.FindBySettingKey(key) is { } indicator)
            return indicator;
        throw new InvalidOperationException($"Setting {setting}: no indicator has the key '{key}'." + LostCharactersHint(key, catalogue));
    }

    private static string LostCharactersHint(string key, IndicatorCatalogue catalogue) =>
        SettingNames.RenamedFrom(key, catalogue.All.Select(d => d.Id)) is { } meant
            ? $" For indicator '{meant}', name the setting {SettingNames.BarometerThreshold(meant, "Warn")} (or __Alert, __MinimumSample)."
            : " Indicator ids are in docs/barometers.md; write '.' and '-' as '_'.";

    /// <summary>A misspelt level ("__Warning") would otherwise leave the default in force without a word.</summary>
    private static void RefuseUnknownLevels(IConfigurationSection levels)
    {
        if (levels.GetChildren().FirstOrDefault(l => !Levels.Contains(l.Key, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            throw new InvalidOperationException(
                $"Setting {SettingNames.BarometersThresholdPrefix}{levels.Key}__{unknown.Key}: the levels are {string.Join(", ", Levels.Select(l => "__" + l))}.");
    }

    private static double? Number(IConfigurationSection levels, string level)
    {
        var text = levels[level];
        if (string.IsNullOrWhiteSpace(text)) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"Setting {SettingNames.BarometersThresholdPrefix}{levels.Key}__{level} is not a number ('{text}').");
    }
}

using System.Globalization;
using CrmFunctions.Core.Barometers;

namespace CrmFunctions.Barometers;

/// <summary>
/// The barometer as configured: which indicators it shows (Barometers:Indicators, comma-separated ids) and the
/// levels of any indicator (Barometers:Thresholds:{id}:Warn / Alert / MinimumSample). A bad setting fails at
/// start-up, naming it, rather than silently showing the defaults.
/// </summary>
public static class BarometerConfiguration
{
    public static BarometerSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Barometers");
        var catalogue = IndicatorCatalogue.CreateDefault();
        foreach (var indicator in section.GetSection("Thresholds").GetChildren())
        {
            var id = indicator.Key;
            try
            {
                catalogue.Get(id);
            }
            catch (KeyNotFoundException)
            {
                throw new InvalidOperationException($"Setting Barometers:Thresholds:{id}: unknown indicator '{id}'.");
            }
            var current = catalogue.Get(id);
            catalogue = catalogue.WithThresholds(id,
                Number(indicator, "Warn") ?? current.Warn,
                Number(indicator, "Alert") ?? current.Alert,
                Number(indicator, "MinimumSample") is { } min ? (long)min : null);
        }

        var indicators = BarometerSettings.DefaultIndicators;
        if (section["Indicators"] is { } list && !string.IsNullOrWhiteSpace(list))
        {
            indicators = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var id in indicators)
            {
                try { catalogue.Get(id); }
                catch (KeyNotFoundException) { throw new InvalidOperationException($"Setting Barometers:Indicators: unknown indicator '{id}'."); }
            }
        }
        return new BarometerSettings { Catalogue = catalogue, Indicators = indicators };
    }

    private static double? Number(IConfigurationSection indicator, string name)
    {
        var text = indicator[name];
        if (string.IsNullOrWhiteSpace(text)) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"Setting Barometers:Thresholds:{indicator.Key}:{name} is not a number ('{text}').");
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmFunctions.Core.Matching;

/// <summary>
/// A match model as JSON that a person can read and check: per field and level, m, u and the weight they give
/// (log2 m/u, the evidence in bits), the thresholds and vetoes, the name frequencies learnt from the base, and
/// how the model was learnt. Comparators are named by their field; reading rebuilds them from the built-in model.
/// </summary>
public static class MatchModelJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(MatchModel model, EstimationReport? report = null, int? records = null)
    {
        var root = new JsonObject
        {
            ["thresholds"] = new JsonObject { ["autoMerge"] = model.Thresholds.AutoMerge, ["review"] = model.Thresholds.Review },
            ["fields"] = new JsonArray(model.Fields.Select(f => (JsonNode)new JsonObject
            {
                ["field"] = f.Field,
                ["termFrequencyAdjusted"] = f.TermFrequencyAdjusted,
                ["levels"] = new JsonArray(f.Comparator.Levels.Where(f.Probabilities.ContainsKey).Select(level => (JsonNode)new JsonObject
                {
                    ["level"] = level,
                    ["m"] = Round(f.Probabilities[level].M),
                    ["u"] = Round(f.Probabilities[level].U),
                    ["weight"] = Math.Round(f.Probabilities[level].Weight, 2),
                }).ToArray()),
            }).ToArray()),
            ["autoMergeVetoes"] = Strings(model.AutoMergeVetoes),
            ["householdLevels"] = Strings(model.HouseholdLevels),
            ["vetoOverrides"] = Strings(model.VetoOverrides),
            ["personalFields"] = Strings(model.PersonalFields),
            ["channelFields"] = Strings(model.ChannelFields),
            ["minimumTermFrequency"] = model.MinimumTermFrequency,
            ["termFrequencies"] = new JsonObject(model.TermFrequencies.Select(field => KeyValuePair.Create(field.Key,
                (JsonNode?)new JsonObject(field.Value.OrderByDescending(t => t.Value).Select(t => KeyValuePair.Create(t.Key, (JsonNode?)Round(t.Value))))))),
        };
        if (report is not null)
        {
            root["estimation"] = new JsonObject
            {
                ["records"] = records,
                ["blockedPairs"] = report.BlockedPairs,
                ["sessions"] = new JsonArray(report.Sessions.Select(s => (JsonNode)new JsonObject
                {
                    ["blockedOn"] = s.BlockedOn,
                    ["estimated"] = Strings(s.Estimated),
                    ["pairs"] = s.Pairs,
                    ["iterations"] = s.Iterations,
                    ["matchShare"] = Round(s.MatchShare),
                }).ToArray()),
            };
        }
        return root.ToJsonString(Indented);
    }

    /// <summary>Reads a model written by <see cref="Write"/>; a field or level the built-in model does not know is an error, named.</summary>
    public static MatchModel Read(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("The model is not a JSON object.");
        var comparators = MatchModel.Default.Fields.ToDictionary(f => f.Field, f => f.Comparator, StringComparer.Ordinal);
        var fields = new List<FieldModel>();
        foreach (var node in Array(root, "fields"))
        {
            var name = Text(node, "field");
            if (!comparators.TryGetValue(name, out var comparator)) throw new FormatException($"Unknown field '{name}' in the model.");
            var levels = new Dictionary<string, LevelProbability>(StringComparer.Ordinal);
            foreach (var level in Array(node, "levels"))
            {
                var levelName = Text(level, "level");
                if (!comparator.Levels.Contains(levelName)) throw new FormatException($"Unknown level '{levelName}' of field '{name}'.");
                levels[levelName] = new LevelProbability(Number(level, "m"), Number(level, "u"));
            }
            fields.Add(new FieldModel(comparator, levels, node?["termFrequencyAdjusted"]?.GetValue<bool>() ?? false));
        }
        var thresholds = root["thresholds"] ?? throw new FormatException("The model has no thresholds.");
        var defaults = MatchModel.Default;
        return new MatchModel
        {
            Fields = fields,
            Thresholds = new MatchThresholds(Number(thresholds, "autoMerge"), Number(thresholds, "review")).Validate(),
            AutoMergeVetoes = StringsOr(root, "autoMergeVetoes", defaults.AutoMergeVetoes),
            HouseholdLevels = StringsOr(root, "householdLevels", defaults.HouseholdLevels),
            VetoOverrides = StringsOr(root, "vetoOverrides", defaults.VetoOverrides),
            PersonalFields = StringsOr(root, "personalFields", defaults.PersonalFields),
            ChannelFields = StringsOr(root, "channelFields", defaults.ChannelFields),
            MinimumTermFrequency = root["minimumTermFrequency"]?.GetValue<double>() ?? defaults.MinimumTermFrequency,
            TermFrequencies = (root["termFrequencies"]?.AsObject() ?? []).ToDictionary(
                field => field.Key,
                field => (IReadOnlyDictionary<string, double>)(field.Value?.AsObject() ?? []).ToDictionary(t => t.Key, t => t.Value!.GetValue<double>(), StringComparer.Ordinal),
                StringComparer.Ordinal),
        };
    }

    /// <summary>The model as a table to read in a terminal: one line per level, weights in bits.</summary>
    public static string Describe(MatchModel model)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"thresholds: auto-merge {model.Thresholds.AutoMerge}, review {model.Thresholds.Review}");
        text.AppendLine("field            level                   m          u     weight");
        foreach (var field in model.Fields)
        {
            foreach (var level in field.Comparator.Levels.Where(field.Probabilities.ContainsKey))
            {
                var p = field.Probabilities[level];
                text.AppendLine(CultureInfo.InvariantCulture, $"{field.Field,-16} {level,-18} {p.M,10:G4} {p.U,10:G4} {p.Weight,10:F2}");
            }
        }
        text.AppendLine("vetoes: " + string.Join(", ", model.AutoMergeVetoes) + " (household: " + string.Join(", ", model.HouseholdLevels) + ")");
        foreach (var (field, terms) in model.TermFrequencies)
        {
            var common = string.Join(", ", terms.OrderByDescending(t => t.Value).Take(5).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:P2}")));
            text.AppendLine(CultureInfo.InvariantCulture, $"term frequencies of {field}: {terms.Count} values, most common {common}");
        }
        return text.ToString();
    }

    private static double Round(double value) => double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    private static IReadOnlyList<string> StringsOr(JsonObject root, string name, IReadOnlyList<string> fallback) =>
        root[name] is JsonArray array ? array.Select(v => v!.GetValue<string>()).ToList() : fallback;

    private static JsonArray Array(JsonNode? node, string name) => node?[name] as JsonArray ?? throw new FormatException($"The model has no '{name}' list.");

    private static string Text(JsonNode? node, string name) => node?[name]?.GetValue<string>() ?? throw new FormatException($"A model entry has no '{name}'.");

    private static double Number(JsonNode? node, string name) =>
        node?[name]?.GetValue<double>() is { } value && double.IsFinite(value) ? value : throw new FormatException($"A model entry has no number '{name}'.");
}

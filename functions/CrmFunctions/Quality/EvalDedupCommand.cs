using System.Globalization;
using CrmFunctions.Core.Evaluation;

namespace CrmFunctions.Quality;

/// <summary>
/// The "eval-dedup" verb: feeds the records of delimited files one by one through the normalizer and the
/// incremental matcher the pipeline uses (in-memory index) and prints pairwise precision, recall and F1 against
/// the known truth. The last line is always
/// "precision=P recall=R f1=F true_pairs=T found_pairs=N records=R seconds=S".
/// </summary>
public static class EvalDedupCommand
{
    public const string Usage =
        "usage: CrmFunctions eval-dedup --input FILE [--input FILE2 ...] (--truth-column NAME | --truth-file CLUSTERS.csv --id-column NAME)\n" +
        "         --map field=column,... [--separator SEP] [--id-column NAME] [--country CC] [--auto-merge W] [--review W] [--no-estimate] [--today YYYY-MM-DD]\n" +
        "         [--pairs-out FILE]  writes each false merge and missed pair with every comparison's level and weight and both records' blocking keys\n" +
        "  fields: " + "given_name, family_name, email, phone, country, birth_date, postcode, city, street, external_id; col1+col2 joins columns\n" +
        "  the separator defaults to ','; values are trimmed, so FEBRL's ', ' reads the same";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        EvalOptions options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        try
        {
            await DedupEvaluation.RunAsync(options, output, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            await error.WriteLineAsync("eval-dedup: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <param name="requireTruth">False for commands that learn from the records without knowing the answer (model train).</param>
    public static EvalOptions Parse(string[] args, bool requireTruth = true)
    {
        var inputs = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var noEstimate = false;
        string[] known = ["--truth-column", "--truth-file", "--id-column", "--map", "--separator", "--country", "--auto-merge", "--review", "--today", "--pairs-out"];
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--no-estimate")
            {
                noEstimate = true;
                continue;
            }
            if (name != "--input" && !known.Contains(name)) throw new ArgumentException($"Unknown option '{name}'.");
            if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
            var value = args[++i];
            if (name == "--input") inputs.Add(value);
            else if (!values.TryAdd(name, value)) throw new ArgumentException($"{name} is given twice.");
        }

        string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
        if (inputs.Count == 0) throw new ArgumentException("--input is required.");
        if (Get("--map") is not { } map) throw new ArgumentException("--map is required.");
        var truthColumn = Get("--truth-column");
        var truthFile = Get("--truth-file");
        if (requireTruth && (truthColumn is null) == (truthFile is null)) throw new ArgumentException("Give either --truth-column or --truth-file.");
        if (truthFile is not null && Get("--id-column") is null) throw new ArgumentException("--truth-file needs --id-column.");
        try
        {
            FieldMapping.Parse(map);
        }
        catch (FormatException e)
        {
            throw new ArgumentException("--map: " + e.Message, e);
        }

        return new EvalOptions
        {
            DataFiles = inputs,
            Mapping = map,
            TruthColumn = truthColumn,
            ClustersFile = truthFile,
            IdColumn = Get("--id-column"),
            Separator = Get("--separator") is { Length: > 0 } separator ? separator : ",",
            DefaultCountry = Get("--country"),
            AutoMergeThreshold = Number(Get("--auto-merge"), "--auto-merge"),
            ReviewThreshold = Number(Get("--review"), "--review"),
            EstimateFromData = !noEstimate,
            PairsOut = Get("--pairs-out"),
            Today = Get("--today") is { } today
                ? DateOnly.TryParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : throw new ArgumentException("--today must be YYYY-MM-DD.")
                : null,
        };
    }

    private static double? Number(string? value, string name) =>
        value is null ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
        : throw new ArgumentException($"{name} must be a number.");
}

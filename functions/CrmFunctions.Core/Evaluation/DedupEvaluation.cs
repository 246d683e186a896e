using System.Globalization;
using CrmFunctions.Core.Matching;

namespace CrmFunctions.Core.Evaluation;

public sealed record EvalOptions
{
    /// <summary>Data files read in order and deduplicated together (FEBRL dataset4a + dataset4b).</summary>
    public required IReadOnlyList<string> DataFiles { get; init; }
    public string Separator { get; init; } = ",";
    /// <summary>Column of the record id; null numbers the records "{file}#{line}" (then truth must be a column).</summary>
    public string? IdColumn { get; init; } = "rec_id";
    /// <summary>field=column list, see <see cref="FieldMapping.Parse"/>.</summary>
    public required string Mapping { get; init; }
    /// <summary>Column of the data holding the true entity id; or use <see cref="ClustersFile"/>.</summary>
    public string? TruthColumn { get; init; }
    /// <summary>File of "rec_id,entity_id" lines with a header.</summary>
    public string? ClustersFile { get; init; }
    public string? DefaultCountry { get; init; }
    public double? AutoMergeThreshold { get; init; }
    public double? ReviewThreshold { get; init; }
    public bool EstimateFromData { get; init; } = true;
    /// <summary>"Today" for birth-date checks; the current date when not given.</summary>
    public DateOnly? Today { get; init; }
    /// <summary>File to write the false merges and missed pairs to, explained (see <see cref="PairError.ToLine"/>).</summary>
    public string? PairsOut { get; init; }
}

/// <summary>The evaluation harness behind the CLI: reads files, runs <see cref="DedupEvaluator"/>, prints the figures.</summary>
public static class DedupEvaluation
{
    /// <summary>Runs an evaluation; the last line written is "precision=P recall=R f1=F true_pairs=T found_pairs=N records=R seconds=S".</summary>
    public static async Task<DedupMetrics> RunAsync(EvalOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        var records = await ReadRecordsAsync(options, output, requireTruth: true, cancellationToken).ConfigureAwait(false);
        var settings = Settings(options);
        var thresholds = settings.Thresholds!;
        var (metrics, errors) = await DedupEvaluator.RunAsync(records, settings, cancellationToken).ConfigureAwait(false);
        if (options.PairsOut is { } pairsOut)
        {
            await File.WriteAllLinesAsync(pairsOut, errors.Select(e => e.ToLine()), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"pairs_out={pairsOut} false_merges={errors.Count(e => e.Kind == PairError.FalseMerge)} missed={errors.Count(e => e.Kind == PairError.Missed)}").ConfigureAwait(false);
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"auto_merge={thresholds.AutoMerge} review={thresholds.Review} correct_pairs={metrics.CorrectPairs}")).ConfigureAwait(false);
        await output.WriteLineAsync(metrics.ToSummaryLine()).ConfigureAwait(false);
        return metrics;
    }

    /// <summary>
    /// Learns a model from the records of the input files (no truth needed) and writes it as JSON to
    /// <paramref name="modelFile"/>; prints its parameters.
    /// </summary>
    public static async Task<MatchModel> TrainAsync(EvalOptions options, string modelFile, TextWriter output, CancellationToken cancellationToken = default)
    {
        var records = await ReadRecordsAsync(options, output, requireTruth: false, cancellationToken).ConfigureAwait(false);
        var settings = Settings(options);
        var profiles = DedupEvaluator.Normalize(records, settings).Select(MatchProfile.From).ToList();
        var (model, report) = DedupEvaluator.Learn(settings.Model with { Thresholds = settings.Thresholds! }, profiles);
        await File.WriteAllTextAsync(modelFile, MatchModelJson.Write(model, report, records.Count), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(MatchModelJson.Describe(model)).ConfigureAwait(false);
        foreach (var session in report.Sessions)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"EM on pairs blocked by {session.BlockedOn}: {session.Pairs} pairs, {session.Iterations} iterations, match share {session.MatchShare:F4}, estimated {string.Join(",", session.Estimated)}")).ConfigureAwait(false);
        await output.WriteLineAsync($"model written to {modelFile} ({records.Count} records)").ConfigureAwait(false);
        return model;
    }

    private static EvaluatorSettings Settings(EvalOptions options)
    {
        var model = MatchModel.Default;
        var thresholds = new MatchThresholds(
            options.AutoMergeThreshold ?? model.Thresholds.AutoMerge,
            options.ReviewThreshold ?? Math.Min(model.Thresholds.Review, options.AutoMergeThreshold ?? model.Thresholds.AutoMerge));
        return new EvaluatorSettings
        {
            Model = model,
            Thresholds = thresholds,
            DefaultCountry = options.DefaultCountry,
            Today = options.Today ?? DateOnly.FromDateTime(DateTime.UtcNow),
            EstimateFromData = options.EstimateFromData,
            ExplainErrors = options.PairsOut is not null,
        };
    }

    private static async Task<IReadOnlyList<EvalRecord>> ReadRecordsAsync(EvalOptions options, TextWriter output, bool requireTruth, CancellationToken cancellationToken)
    {
        var mapping = FieldMapping.Parse(options.Mapping);
        var rows = new List<(string Position, IReadOnlyDictionary<string, string> Row)>();
        for (var file = 0; file < options.DataFiles.Count; file++)
        {
            var path = options.DataFiles[file];
            using var reader = File.OpenText(path);
            var table = await DelimitedText.ReadAsync(reader, options.Separator, cancellationToken).ConfigureAwait(false);
            rows.AddRange(table.Rows.Select((row, i) => (string.Create(CultureInfo.InvariantCulture, $"{file + 1}#{i + 1}"), row)));
            await output.WriteLineAsync($"read {table.Rows.Count} records from {Path.GetFileName(path)}").ConfigureAwait(false);
        }

        var truth = requireTruth ? await ReadTruthAsync(options, cancellationToken).ConfigureAwait(false) : null;
        var records = rows.Select(r =>
        {
            var (position, row) = r;
            var id = options.IdColumn is null ? position
                : row.TryGetValue(options.IdColumn, out var value) ? value
                : throw new FormatException($"Column '{options.IdColumn}' is missing.");
            var entity = requireTruth && options.TruthColumn is { } column
                ? row.TryGetValue(column, out var e0) ? e0 : throw new FormatException($"Truth column '{column}' is missing.")
                : truth is not null && truth.TryGetValue(id, out var e) ? e
                : !requireTruth ? string.Empty
                : throw new FormatException($"No truth for record '{id}'.");
            return new EvalRecord(id, entity, mapping.Apply(row));
        }).ToList();
        return records;
    }

    private static async Task<IReadOnlyDictionary<string, string>?> ReadTruthAsync(EvalOptions options, CancellationToken cancellationToken)
    {
        if (options.TruthColumn is not null) return null;
        if (options.ClustersFile is null) throw new ArgumentException("Give either a truth column or a clusters file.", nameof(options));
        using var reader = File.OpenText(options.ClustersFile);
        var table = await DelimitedText.ReadAsync(reader, ",", cancellationToken).ConfigureAwait(false);
        var idColumn = table.Columns[0];
        var entityColumn = table.Columns[1];
        return table.Rows.ToDictionary(r => r[idColumn], r => r[entityColumn], StringComparer.Ordinal);
    }
}

using CrmFunctions.Core.Evaluation;
using CrmFunctions.Core.Matching;

namespace CrmFunctions.Quality;

/// <summary>
/// The "model" verb: "model train" learns the match model (m, u, name frequencies) from an export of the guest
/// base and stores it as JSON for the pipeline (setting Pipeline__ModelPath); "model show" prints a stored one.
/// </summary>
public static class ModelCommand
{
    public const string Usage =
        "usage: CrmFunctions model train --input FILE [--input FILE2 ...] --map field=column,... [--separator SEP] [--id-column NAME] [--country CC]\n" +
        "                                [--auto-merge W] [--review W] --output MODEL.json\n" +
        "       CrmFunctions model show MODEL.json\n" +
        "  train takes the input options of eval-dedup (no truth needed) and learns m by EM over loosely blocked pairs, u from random pairs";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            switch (args)
            {
                case ["show", var file]:
                    await output.WriteAsync(MatchModelJson.Describe(MatchModelJson.Read(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
                    return 0;
                case ["train", .. var rest]:
                    var at = Array.IndexOf(rest, "--output");
                    if (at < 0 || at + 1 >= rest.Length) throw new ArgumentException("--output is required.");
                    var options = EvalDedupCommand.Parse([.. rest[..at], .. rest[(at + 2)..]], requireTruth: false);
                    await DedupEvaluation.TrainAsync(options, rest[at + 1], output, cancellationToken).ConfigureAwait(false);
                    return 0;
                default:
                    throw new ArgumentException("Give 'train' or 'show'.");
            }
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            await error.WriteLineAsync("model: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CrmFunctions.Tests.Quality;

/// <summary>The eval-dedup verb run as an operator runs it: the app's executable with arguments, output read from stdout.</summary>
public sealed class EvalDedupCommandTests
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "TestData");
    private const string HotelMap = "given_name=first,family_name=last,email=email,phone=phone,country=country,birth_date=dob,postcode=zip,city=city,street=street";
    private const string FebrlMap = "given_name=given_name,family_name=surname,birth_date=date_of_birth,postcode=postcode,city=suburb,street=street_number+address_1,external_id=soc_sec_id";

    [Fact]
    public async Task Finds_every_known_duplicate_of_a_hotel_file_and_merges_no_household()
    {
        // 16 guests, 6 true pairs: accents and case, swapped names, an e-mail alias, phone formats, a name typo;
        // Marie and Paul Dupont share an address and a family name but are two guests. The file is too small to
        // estimate u probabilities from, so the model's defaults are used.
        var (exitCode, stdout, _) = await RunAsync("eval-dedup", "--input", Path.Combine(Data, "guests-dedup.csv"), "--separator", ";",
            "--id-column", "guest_id", "--truth-column", "entity", "--no-estimate", "--map", HotelMap);

        Assert.Equal(0, exitCode);
        Assert.Matches(new Regex(@"^precision=1\.0000 recall=1\.0000 f1=1\.0000 true_pairs=6 found_pairs=6 records=16 seconds=\d+\.\d{2}$"), LastLine(stdout));
    }

    [Fact]
    public async Task Deduplicates_several_febrl_files_together_against_a_clusters_file()
    {
        var (exitCode, stdout, _) = await RunAsync("eval-dedup",
            "--input", Path.Combine(Data, "febrl-sample-a.csv"), "--input", Path.Combine(Data, "febrl-sample-b.csv"), "--separator", ", ",
            "--truth-file", Path.Combine(Data, "febrl-sample-clusters.csv"), "--id-column", "rec_id", "--map", FebrlMap);

        Assert.Equal(0, exitCode);
        Assert.Contains("read 20 records from febrl-sample-a.csv", stdout, StringComparison.Ordinal);
        Assert.Contains("read 20 records from febrl-sample-b.csv", stdout, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^precision=1\.0000 recall=1\.0000 f1=1\.0000 true_pairs=20 found_pairs=20 records=40 seconds=\d+\.\d{2}$"), LastLine(stdout));
    }

    [Fact]
    public async Task Without_truth_it_explains_the_usage_and_fails()
    {
        var (exitCode, _, stderr) = await RunAsync("eval-dedup", "--input", Path.Combine(Data, "guests-dedup.csv"), "--map", HotelMap);

        Assert.Equal(2, exitCode);
        Assert.Contains("Give either --truth-column or --truth-file.", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: CrmFunctions eval-dedup", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_in_the_map_is_named()
    {
        var (exitCode, _, stderr) = await RunAsync("eval-dedup", "--input", Path.Combine(Data, "guests-dedup.csv"), "--truth-column", "entity",
            "--map", "given_name=first,nickname=last");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown field 'nickname'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_missing_from_the_file_is_named()
    {
        var (exitCode, _, stderr) = await RunAsync("eval-dedup", "--input", Path.Combine(Data, "guests-dedup.csv"), "--separator", ";",
            "--truth-column", "entity", "--map", "given_name=prenom");

        Assert.Equal(1, exitCode);
        Assert.Contains("Column 'prenom'", stderr, StringComparison.Ordinal);
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].TrimEnd('\r');

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CrmFunctions.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

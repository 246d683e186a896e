using CrmFunctions.Core.Evaluation;

namespace CrmFunctions.Core.Tests.Evaluation;

public class DedupEvaluatorTests
{
    // Four guests; Jean has three records, Marie two, Paul and Léa one each. Marie and Jean share an address.
    private const string Csv = """
        rec_id, given_name, surname, street_number, address_1, suburb, postcode, date_of_birth, soc_sec_id, entity
        a1, jean, dupont, 12, rue oberkampf, paris, 07501, 19700102, 0012345, e1
        a2, jean, dupond, 12, rue oberkampf, paris, 07501, 19700102, 0012345, e1
        a3, jaen, dupont, 12, rue oberkampf, paris, 07501, 19700201, 0012346, e1
        b1, marie, dupont, 12, rue oberkampf, paris, 07501, 19720304, 0099887, e2
        b2, marie, dupont, , , paris, 07501, 19720304, , e2
        c1, paul, martin, 3, place bellecour, lyon, 06900, 19851111, 0055555, e3
        d1, lea, martin, 3, place bellecour, lyon, 06900, 19900505, 0066666, e4
        """;

    private static async Task<List<EvalRecord>> Records()
    {
        var table = await DelimitedText.ReadAsync(new StringReader(Csv), ", ");
        var mapping = FieldMapping.Parse("given_name=given_name, family_name=surname, street=street_number+address_1, city=suburb, postcode=postcode, birth_date=date_of_birth, external_id=soc_sec_id");
        return table.Rows.Select(r => new EvalRecord(r["rec_id"], r["entity"], mapping.Apply(r))).ToList();
    }

    [Fact]
    public async Task The_reader_splits_on_a_multi_character_separator_and_keeps_leading_zeros()
    {
        var table = await DelimitedText.ReadAsync(new StringReader(Csv), ", ");

        Assert.Equal(7, table.Rows.Count);
        Assert.Equal("07501", table.Rows[0]["postcode"]);
        Assert.Equal("0012345", table.Rows[0]["soc_sec_id"]);
        Assert.Equal("", table.Rows[4]["address_1"]);
    }

    [Fact]
    public async Task A_line_with_a_missing_value_is_reported_with_its_number()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => DelimitedText.ReadAsync(new StringReader("a,b\n1,2\n3\n"), ","));
        Assert.Contains("Line 3", error.Message);
    }

    [Fact]
    public async Task The_mapping_joins_columns_and_leaves_empty_values_out()
    {
        var records = await Records();

        Assert.Equal("12 rue oberkampf", records[0].Fields["street"]);
        Assert.False(records[4].Fields.ContainsKey("street"));
        Assert.Throws<FormatException>(() => FieldMapping.Parse("nickname=x"));
    }

    [Theory]
    [InlineData("19700102", 1970, 1, 2)]
    [InlineData("1970-01-02", 1970, 1, 2)]
    public void Birth_dates_are_read_in_both_forms(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), DedupEvaluator.ParseDate(text));

    [Fact]
    public void An_impossible_date_reads_as_missing() => Assert.Null(DedupEvaluator.ParseDate("19700231"));

    [Fact]
    public void Pairwise_figures_count_pairs_inside_each_cluster()
    {
        var entityOf = new Dictionary<string, string> { ["a1"] = "e1", ["a2"] = "e1", ["a3"] = "e1", ["b1"] = "e2", ["b2"] = "e2", ["c1"] = "e3" };
        // a1+a2 found, a3 missed, b1 wrongly joined with c1, b2 alone.
        IReadOnlyList<IReadOnlyList<string>> clusters = [["a1", "a2"], ["a3"], ["b1", "c1"], ["b2"]];

        var metrics = DedupEvaluator.Measure(clusters, entityOf, 0);

        Assert.Equal(4, metrics.TruePairs);
        Assert.Equal(2, metrics.FoundPairs);
        Assert.Equal(1, metrics.CorrectPairs);
        Assert.Equal(0.5, metrics.Precision);
        Assert.Equal(0.25, metrics.Recall);
        Assert.Equal(1.0 / 3, metrics.F1, 6);
    }

    [Fact]
    public async Task The_matcher_finds_the_duplicates_of_the_small_file_without_joining_the_household()
    {
        var metrics = await DedupEvaluator.EvaluateAsync(await Records(), new EvaluatorSettings { Today = new DateOnly(2025, 1, 1), EstimateFromData = false });

        Assert.Equal(4, metrics.TruePairs);
        Assert.Equal(1.0, metrics.Precision);
        Assert.Equal(1.0, metrics.Recall);
        Assert.Equal(7, metrics.Records);
    }

    [Fact]
    public async Task The_run_reads_files_and_ends_with_the_summary_line()
    {
        var dir = Directory.CreateTempSubdirectory("dedup-eval");
        try
        {
            var data = Path.Combine(dir.FullName, "data.csv");
            var clusters = Path.Combine(dir.FullName, "clusters.csv");
            await File.WriteAllTextAsync(data, Csv);
            await File.WriteAllLinesAsync(clusters, ["rec_id,entity_id", "a1,1", "a2,1", "a3,1", "b1,2", "b2,2", "c1,3", "d1,4"]);
            var output = new StringWriter();

            await DedupEvaluation.RunAsync(new EvalOptions
            {
                DataFiles = [data],
                Separator = ", ",
                Mapping = "given_name=given_name, family_name=surname, street=street_number+address_1, city=suburb, postcode=postcode, birth_date=date_of_birth, external_id=soc_sec_id",
                ClustersFile = clusters,
                Today = new DateOnly(2025, 1, 1),
                EstimateFromData = false,
            }, output);

            var last = output.ToString().TrimEnd().Split('\n')[^1];
            Assert.Matches(@"^precision=1\.0000 recall=1\.0000 f1=1\.0000 true_pairs=4 found_pairs=4 records=7 seconds=\d+\.\d+$", last);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Wrong_pairs_are_the_merges_across_guests_and_the_guests_left_apart()
    {
        var entityOf = new Dictionary<string, string> { ["a1"] = "e1", ["a2"] = "e1", ["a3"] = "e1", ["b1"] = "e2", ["c1"] = "e3" };
        IReadOnlyList<IReadOnlyList<string>> clusters = [["a1", "a2"], ["a3"], ["b1", "c1"]];

        var wrong = DedupEvaluator.WrongPairs(clusters, entityOf).ToList();

        Assert.Equal([("false-merge", "b1", "c1"), ("missed", "a1", "a3"), ("missed", "a2", "a3")], wrong);
    }

    [Fact]
    public async Task A_missed_pair_is_explained_with_its_levels_weights_and_blocking_keys()
    {
        // A strict bar leaves Jean's misspelt record apart: the explanation says why.
        var run = await DedupEvaluator.RunAsync(await Records(), new EvaluatorSettings
        {
            Today = new DateOnly(2025, 1, 1),
            EstimateFromData = false,
            Thresholds = new CrmFunctions.Core.Matching.MatchThresholds(1000, 1000),
            ExplainErrors = true,
        });

        Assert.Equal(run.Metrics.TruePairs - run.Metrics.CorrectPairs, run.Errors.Count(e => e.Kind == PairError.Missed));
        var missed = run.Errors.Single(e => e is { RecordA: "a1", RecordB: "a2" });
        Assert.Contains(missed.Comparisons, c => c.Field == "birth_date" && c.Level == "exact" && c.Weight > 0);
        Assert.NotEmpty(missed.SharedKeys);
        Assert.Matches(@"^missed\ta1\ta2\t\d+\.\d\d\t.*birth_date=exact\(\d+\.\d\d\).*\tshared=.+\ta=.+\tb=.+$", missed.ToLine());
    }
}

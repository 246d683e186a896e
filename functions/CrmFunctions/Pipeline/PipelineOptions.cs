using CrmFunctions.Core.Matching;

namespace CrmFunctions.Pipeline;

/// <summary>Settings of the data-quality pipeline (section "Pipeline").</summary>
public sealed class PipelineOptions
{
    /// <summary>Score (log2 Bayes factor) from which an arriving contact merges into a golden record without review.</summary>
    public double AutoMergeThreshold { get; set; } = MatchModel.Default.Thresholds.AutoMerge;

    /// <summary>Score from which an arriving contact is kept as a possible duplicate for review.</summary>
    public double ReviewThreshold { get; set; } = MatchModel.Default.Thresholds.Review;

    /// <summary>Country (ISO alpha-2) for phone numbers and postcodes of contacts that give none.</summary>
    public string? DefaultCountry { get; set; }

    /// <summary>A blocking key shared by more golden records than this is no longer read.</summary>
    public int MaxBlockSize { get; set; } = InMemoryMatchIndex.DefaultMaxBlockSize;

    /// <summary>JSON file written by "model train" (weights and name frequencies learnt from the base); empty for the built-in model.</summary>
    public string? ModelPath { get; set; }

    /// <summary>The stored model when <see cref="ModelPath"/> names one, else the built-in one; the thresholds are always these settings.</summary>
    public MatchModel Model() => (string.IsNullOrWhiteSpace(ModelPath) ? MatchModel.Default : MatchModelJson.Read(File.ReadAllText(ModelPath))) with
    {
        Thresholds = new MatchThresholds(AutoMergeThreshold, ReviewThreshold).Validate(),
    };
}

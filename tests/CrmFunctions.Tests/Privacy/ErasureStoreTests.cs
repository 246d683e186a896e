using CrmFunctions.Core.Matching;
using CrmFunctions.Pipeline;
using CrmFunctions.Tests.Pipeline;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Privacy;

/// <summary>What erasure does to the stores that are shared with other guests: review pairs keep their decision, index blocks keep the others.</summary>
public sealed class ErasureStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_review_pair_keeps_its_decision_and_loses_the_erased_guests_keys()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var explanation = new MergeLogEntry
        {
            ContactId = "ct-erased", Outcome = "possible-duplicate", MemberKey = "pms/ing-1/0", At = At, CandidateId = "ct-other", Score = 7.5,
            BlockingKeys = ["email:jeanne@example.fr", "names:J500M635"], FoundBy = ["names:J500M635"],
        };
        await stores.Reviews.ProposeAsync("ct-erased", "ct-other", 7.5, explanation, At, CancellationToken.None);
        var pairId = DuplicateReviews.PairId("ct-erased", "ct-other");
        await stores.Reviews.ResolveAsync((await stores.Reviews.GetAsync(pairId, CancellationToken.None))!, "never-link", "reviewer", At, CancellationToken.None);

        Assert.Equal(1, await stores.Reviews.ScrubAsync(["ct-erased"], CancellationToken.None));
        Assert.Equal(0, await stores.Reviews.ScrubAsync(["ct-erased"], CancellationToken.None));

        var pair = (await stores.Reviews.GetAsync(pairId, CancellationToken.None))!;
        Assert.Equal(("never-link", "reviewer", 7.5), (pair.Status, pair.ResolvedBy, pair.Score));
        Assert.Equal(DuplicateReviews.Erased, pair.Explanation!.MemberKey);
        Assert.Empty(pair.Explanation.BlockingKeys);
        Assert.Empty(pair.Explanation.FoundBy);
        Assert.Equal("ct-other", pair.Explanation.CandidateId);
    }

    [Fact]
    public async Task An_index_block_of_the_guest_alone_goes_and_a_shared_one_keeps_the_others()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var own = new BlockingKey(BlockingKeys.Email, "jeanne@example.fr");
        var shared = new BlockingKey(BlockingKeys.Names, "J500M635");
        await stores.Index.AddAsync("ct-erased", [own, shared], CancellationToken.None);
        await stores.Index.AddAsync("ct-pointer", [own], CancellationToken.None);
        await stores.Index.AddAsync("ct-other", [shared], CancellationToken.None);

        Assert.Equal(2, await stores.Index.ForgetAsync(["ct-erased", "ct-pointer"], [own, shared], CancellationToken.None));

        var blocks = await stores.Index.ReadAsync([own, shared], CancellationToken.None);
        Assert.Null(blocks.Single(b => b.Key == own).ETag);
        Assert.Equal(["ct-other"], blocks.Single(b => b.Key == shared).Ids);
        Assert.Equal(0, await stores.Index.ForgetAsync(["ct-erased", "ct-pointer"], [own, shared], CancellationToken.None));
    }
}

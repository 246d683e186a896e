using CrmFunctions.Core.Matching;

namespace CrmFunctions.Core.Tests.Matching;

public class MatchIndexTests
{
    private static readonly BlockingKey HotelPhone = new(BlockingKeys.Phone, "+33142685300");

    [Fact]
    public async Task A_value_shared_by_too_many_records_stops_finding_candidates()
    {
        var index = new InMemoryMatchIndex(maxBlockSize: 3);
        for (var i = 0; i < 4; i++) await index.AddAsync("ct-" + i, [HotelPhone], CancellationToken.None);

        Assert.Empty(await index.FindCandidatesAsync([HotelPhone], CancellationToken.None));
    }

    [Fact]
    public async Task A_removed_record_is_no_longer_found()
    {
        var index = new InMemoryMatchIndex();
        var email = new BlockingKey(BlockingKeys.Email, "ana@free.fr");
        await index.AddAsync("ct-1", [email, HotelPhone], CancellationToken.None);
        await index.AddAsync("ct-2", [HotelPhone], CancellationToken.None);

        await index.RemoveAsync("ct-1", [email, HotelPhone], CancellationToken.None);

        Assert.Empty(await index.FindCandidatesAsync([email], CancellationToken.None));
        Assert.Equal(["ct-2"], await index.FindCandidatesAsync([HotelPhone], CancellationToken.None));
    }

    [Fact]
    public void Blocking_keys_cover_swapped_names_with_one_key_kind()
    {
        var a = BlockingKeys.For(new MatchProfile { GivenName = "jean", FamilyName = "martin", BirthDate = new DateOnly(1970, 1, 2) });
        var b = BlockingKeys.For(new MatchProfile { GivenName = "martin", FamilyName = "jean", BirthDate = new DateOnly(1970, 1, 2) });
        Assert.Equal(2, a.Intersect(b).Count(k => k.Kind == BlockingKeys.NameBirthDate));
    }
}

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

    private static IReadOnlyList<BlockingKey> Keys(string given, string family, string postcode = "", string street = "") =>
        BlockingKeys.For(new MatchProfile { GivenName = given, FamilyName = family, Postcode = postcode, Street = street });

    [Fact]
    public void Swapped_names_without_a_birth_date_still_share_a_key() =>
        Assert.Contains(Keys("martin", "jean"), Keys("jean", "martin").Contains);

    [Fact]
    public void A_guest_who_moved_is_found_by_the_sound_of_both_names() =>
        Assert.Contains(Keys("jean", "dupont", "75011", "12 rue oberkampf"), Keys("jean", "dupond", "69003", "5 rue garibaldi").Contains);

    [Fact]
    public void A_typo_in_one_name_and_in_the_postcode_street_is_still_found_by_the_other_name_and_postcode()
    {
        var shared = Keys("victoria", "george", "4122", "6 clelandstreet").Intersect(Keys("victoria", "geogre", "4122", "clelandstreet")).ToList();
        Assert.Contains(shared, k => k.Kind == BlockingKeys.NamePostcode);
    }

    [Fact]
    public void Swapped_and_mistyped_names_at_one_address_share_the_address_key()
    {
        var shared = Keys("tilley", "jack", "4869", "studley street").Intersect(Keys("moody", "bill", "4869", "studley street")).ToList();
        Assert.Equal([BlockingKeys.Address], shared.Select(k => k.Kind));
    }
}

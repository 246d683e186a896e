using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Matching;

public class IncrementalMatcherTests
{
    private readonly InMemoryGoldenRecordStore store = new();
    private readonly IncrementalMatcher matcher;
    private readonly InMemoryDeduplicator deduplicator;

    public IncrementalMatcherTests()
    {
        matcher = new IncrementalMatcher(new InMemoryMatchIndex(), store, MatchModel.Default);
        deduplicator = new InMemoryDeduplicator(matcher, store, new Survivorship());
    }

    private async Task<GoldenRecord> Add(NormalizedContact contact) => (await deduplicator.AddAsync(contact, CancellationToken.None)).Golden;

    [Fact]
    public async Task The_same_mailbox_under_a_provider_alias_merges_and_says_why()
    {
        var first = await Add(Contacts.Make("r1", "Jean", "Dupont", email: "jean.dupont@gmail.com", phone: "06 12 34 56 78"));

        var decision = await matcher.DecideAsync(Contacts.Make("r2", "JEAN", "DUPONT", email: "jeandupont+spa@googlemail.com", source: "web-form"), CancellationToken.None);

        Assert.Equal(MatchOutcome.Merge, decision.Outcome);
        Assert.Equal(first.ContactId, decision.TargetId);
        var why = decision.Best!;
        Assert.Contains(why.FoundBy, k => k.Kind == BlockingKeys.Email);
        Assert.Contains(why.Comparisons, c => c.Field == "email" && c.Level == Levels.Exact && c.Weight > 10);
        Assert.Equal(why.Comparisons.Sum(c => c.Weight), why.Score, 6);
        Assert.Equal(MatchModel.Default.Thresholds, why.Thresholds);
        Assert.Equal("pms/r1", why.ComparedWith);
    }

    [Fact]
    public async Task Same_name_and_postcode_at_another_street_is_a_possible_duplicate()
    {
        var first = await Add(Contacts.Make("r1", "Jean", "Dupont", postcode: "75011", street: "12 rue Oberkampf"));

        var decision = await matcher.DecideAsync(Contacts.Make("r2", "Jean", "Dupont", postcode: "75011", street: "48 boulevard Voltaire"), CancellationToken.None);

        Assert.Equal(MatchOutcome.PossibleDuplicate, decision.Outcome);
        Assert.Equal([first.ContactId], decision.PossibleDuplicateIds);
        Assert.InRange(decision.Best!.Score, MatchModel.Default.Thresholds.Review, MatchModel.Default.Thresholds.AutoMerge);
    }

    [Fact]
    public async Task Two_people_sharing_family_name_postcode_street_and_mailbox_are_never_merged()
    {
        await Add(Contacts.Make("r1", "Jean", "Dupont", email: "famille.dupont@orange.fr", postcode: "69003", street: "5 rue Garibaldi"));

        var decision = await matcher.DecideAsync(
            Contacts.Make("r2", "Marie", "Dupont", email: "famille.dupont@orange.fr", postcode: "69003", street: "5 rue Garibaldi"), CancellationToken.None);

        Assert.NotEqual(MatchOutcome.Merge, decision.Outcome);
        Assert.Contains("given_name:different", decision.Best!.Vetoes);
    }

    [Fact]
    public async Task Sharing_only_a_family_name_and_postcode_starts_a_new_golden_record()
    {
        await Add(Contacts.Make("r1", "Jean", "Dupont", postcode: "69003"));

        var (decision, golden) = await deduplicator.AddAsync(Contacts.Make("r2", "Marie", "Dupont", postcode: "69003"), CancellationToken.None);

        Assert.Equal(MatchOutcome.NewRecord, decision.Outcome);
        Assert.Equal(2, store.All().Count);
        Assert.Single(golden.Members);
    }

    [Fact]
    public async Task A_birth_date_with_day_and_month_swapped_still_merges_a_guest()
    {
        var first = await Add(Contacts.Make("r1", "Sophie", "Lefèvre", birthDate: new DateOnly(1984, 3, 9), postcode: "33000"));

        var decision = await matcher.DecideAsync(Contacts.Make("r2", "Sophie", "LEFEVRE", birthDate: new DateOnly(1984, 9, 3), postcode: "33000"), CancellationToken.None);

        Assert.Equal(MatchOutcome.Merge, decision.Outcome);
        Assert.Equal(first.ContactId, decision.TargetId);
        Assert.Contains(decision.Best!.Comparisons, c => c.Field == "birth_date" && c.Level == Levels.DayMonthSwapped);
    }

    [Fact]
    public async Task Replaying_a_source_record_lands_in_the_same_golden_record_unchanged()
    {
        var contact = Contacts.Make("r1", "Ana", "Silva", phone: "+351 912 345 678");
        var first = await Add(contact);

        var again = await Add(contact);

        Assert.Equal(first.ContactId, again.ContactId);
        Assert.Single(again.Members);
        Assert.Single(store.All());
    }

    [Fact]
    public async Task A_contact_without_any_blocking_key_is_a_new_record()
    {
        var decision = await matcher.DecideAsync(Contacts.Make("r1", given: "Ana"), CancellationToken.None);
        Assert.Equal(MatchOutcome.NewRecord, decision.Outcome);
        Assert.Empty(decision.Candidates);
    }

    [Fact]
    public async Task A_different_given_name_with_a_different_family_name_is_no_household_and_the_score_decides()
    {
        var first = await Add(Contacts.Make("r1", "Jean", "Dupont", email: "jean.dupont@orange.fr", phone: "06 12 34 56 78", postcode: "69003"));

        // The front desk typed another guest's names over a record whose mailbox and mobile are Jean Dupont's.
        var decision = await matcher.DecideAsync(Contacts.Make("r2", "Marc", "Lefèvre", email: "jean.dupont@orange.fr", phone: "+33 6 12 34 56 78", postcode: "69003"), CancellationToken.None);

        Assert.Empty(decision.Best!.Vetoes);
        Assert.Equal(first.ContactId, decision.Best.CandidateId);
    }

    [Fact]
    public async Task A_contact_that_links_two_golden_records_of_one_guest_brings_them_together()
    {
        // The PMS knows the mobile, the web form the mailbox: nothing but the name joins them, which is not enough.
        var pms = await Add(Contacts.Make("r1", "Sébastien", "Moreau", phone: "06 12 34 56 78", postcode: "44000", street: "3 rue Crébillon"));
        var web = await Add(Contacts.Make("r2", "Seb", "Moreau", email: "seb.moreau@free.fr", source: "web-form"));
        Assert.NotEqual(pms.ContactId, web.ContactId);

        // The booking engine has both.
        var (decision, golden) = await deduplicator.AddAsync(
            Contacts.Make("r3", "Sebastien", "MOREAU", email: "seb.moreau@free.fr", phone: "+33 6 12 34 56 78", source: "booking-engine"), CancellationToken.None);

        Assert.Equal(MatchOutcome.Merge, decision.Outcome);
        Assert.Single(decision.AlsoMergeIds);
        Assert.Equal(3, golden.Members.Count);
        Assert.Single(store.All());
        // The withdrawn record's keys now lead to the survivor.
        var again = await matcher.DecideAsync(Contacts.Make("r4", "S", "Moreau", phone: "06 12 34 56 78", postcode: "44000", street: "3 rue Crébillon"), CancellationToken.None);
        Assert.Equal(golden.ContactId, again.TargetId);
    }

    [Fact]
    public async Task Two_namesakes_bridged_by_one_ambiguous_contact_stay_apart()
    {
        var first = await Add(Contacts.Make("r1", "Jean", "Martin", phone: "06 12 34 56 78", birthDate: new DateOnly(1970, 1, 2)));
        var second = await Add(Contacts.Make("r2", "Jean", "Martin", email: "jmartin@free.fr", birthDate: new DateOnly(1985, 7, 9)));
        Assert.NotEqual(first.ContactId, second.ContactId);

        var decision = await matcher.DecideAsync(Contacts.Make("r3", "Jean", "Martin", email: "jmartin@free.fr", phone: "06 12 34 56 78"), CancellationToken.None);

        Assert.Empty(decision.AlsoMergeIds);
    }

    [Fact]
    public async Task A_namesake_at_the_same_address_with_his_own_mobile_is_not_merged()
    {
        await Add(Contacts.Make("r1", "Jean", "Dupont", phone: "06 12 34 56 78", birthDate: new DateOnly(1952, 3, 4), postcode: "69003", street: "5 rue Garibaldi", city: "Lyon"));

        var son = await matcher.DecideAsync(
            Contacts.Make("r2", "Jean", "Dupont", phone: "07 81 23 45 67", postcode: "69003", street: "5 rue Garibaldi", city: "Lyon"), CancellationToken.None);

        Assert.NotEqual(MatchOutcome.Merge, son.Outcome);
        Assert.Contains("phone:different", son.Best!.Vetoes);
    }

    [Fact]
    public async Task A_namesake_is_not_merged_through_a_member_that_holds_only_name_and_address()
    {
        // The father's golden record: his own record, and a front-desk record with nothing but his name and address.
        var father = await Add(Contacts.Make("r1", "Jean", "Dupont", email: "jean.dupont@orange.fr", phone: "06 12 34 56 78",
            postcode: "69003", street: "5 rue Garibaldi", city: "Lyon"));
        var desk = await Add(Contacts.Make("r2", "Jean", "Dupont", postcode: "69003", street: "5 rue Garibaldi", city: "Lyon", source: "front-desk"));
        Assert.Equal(father.ContactId, desk.ContactId);

        var son = await matcher.DecideAsync(Contacts.Make("r3", "Jean", "Dupont", email: "jdupont.jr@gmail.com", phone: "07 81 23 45 67",
            postcode: "69003", street: "5 rue Garibaldi", city: "Lyon"), CancellationToken.None);

        Assert.NotEqual(MatchOutcome.Merge, son.Outcome);
        Assert.Equal("front-desk/r2", son.Best!.ComparedWith);
        Assert.Contains("email:different", son.Best.Vetoes);
        Assert.Contains("phone:different", son.Best.Vetoes);
    }

    [Fact]
    public async Task A_member_that_shares_the_guest_s_mailbox_outweighs_an_old_member_s_other_details()
    {
        // The guest's first record has an old mailbox and mobile; the second, his current mailbox.
        var guest = await Add(Contacts.Make("r1", "Jean", "Dupont", email: "jean.dupont@wanadoo.fr", phone: "06 12 34 56 78",
            postcode: "69003", street: "5 rue Garibaldi", city: "Lyon"));
        await Add(Contacts.Make("r2", "Jean", "Dupont", email: "jean.dupont@orange.fr", phone: "06 12 34 56 78", source: "web-form"));

        var decision = await matcher.DecideAsync(Contacts.Make("r3", "Jean", "Dupont", email: "jean.dupont@orange.fr", phone: "07 81 23 45 67",
            postcode: "69003", street: "5 rue Garibaldi", city: "Lyon", source: "booking"), CancellationToken.None);

        Assert.Equal(MatchOutcome.Merge, decision.Outcome);
        Assert.Equal(guest.ContactId, decision.TargetId);
        Assert.Empty(decision.Best!.Vetoes);
    }

    [Fact]
    public async Task Sharing_only_a_full_name_is_neither_merged_nor_proposed_for_review()
    {
        // Nothing else in common: another mailbox on one side, a mobile on the other. With the built-in weights the
        // two names alone clear the review bar; a base of a million guests holds a namesake for most of them.
        await Add(Contacts.Make("r1", "Jean", "Dupont", email: "jean.dupont@gmail.com"));

        var decision = await matcher.DecideAsync(Contacts.Make("r2", "Jean", "Dupont", phone: "06 12 34 56 78"), CancellationToken.None);

        Assert.Equal(MatchOutcome.NewRecord, decision.Outcome);
        Assert.Empty(decision.PossibleDuplicateIds);
        Assert.True(decision.Best!.Score >= MatchModel.Default.Thresholds.Review);
        Assert.True(decision.Best.NamesAlone);
    }

    [Fact]
    public async Task A_full_name_and_its_town_in_common_are_still_proposed_for_review()
    {
        var first = await Add(Contacts.Make("r1", "Jean", "Dupont", email: "jean.dupont@gmail.com", city: "Lyon", postcode: "69003"));

        var decision = await matcher.DecideAsync(Contacts.Make("r2", "Jean", "Dupont", phone: "06 12 34 56 78", city: "Lyon", postcode: "69003"), CancellationToken.None);

        Assert.Equal(MatchOutcome.PossibleDuplicate, decision.Outcome);
        Assert.Equal([first.ContactId], decision.PossibleDuplicateIds);
    }

    [Fact]
    public async Task With_the_names_weighed_by_their_frequency_a_rare_full_name_alone_is_proposed_and_a_common_one_is_not()
    {
        var seen = Enumerable.Range(0, 200).Select(i => Contacts.Make("m" + i, "Jean", "Martin", city: "Lyon"))
            .Append(Contacts.Make("z1", "Aurélien", "Zylberstein", email: "a.zylberstein@gmail.com", city: "Lyon", postcode: "69003"))
            .Append(Contacts.Make("j1", "Jean", "Martin", email: "jean.martin@gmail.com"))
            .ToList();
        var frequencies = TermFrequencyTable.Build(seen.Select(MatchProfile.From), MatchModel.Default);
        var tfStore = new InMemoryGoldenRecordStore();
        var tfMatcher = new IncrementalMatcher(new InMemoryMatchIndex(), tfStore, MatchModel.Default, frequencies);
        var tfDeduplicator = new InMemoryDeduplicator(tfMatcher, tfStore, new Survivorship());
        var rare = (await tfDeduplicator.AddAsync(seen[^2], CancellationToken.None)).Golden;
        await tfDeduplicator.AddAsync(seen[^1], CancellationToken.None);

        var rareAlone = await tfMatcher.DecideAsync(Contacts.Make("z2", "Aurélien", "Zylberstein", phone: "06 12 34 56 78"), CancellationToken.None);
        var rareInTown = await tfMatcher.DecideAsync(Contacts.Make("z3", "Aurélien", "Zylberstein", phone: "06 12 34 56 78", city: "Lyon", postcode: "69003"), CancellationToken.None);
        var commonAlone = await tfMatcher.DecideAsync(Contacts.Make("j2", "Jean", "Martin", phone: "06 12 34 56 78"), CancellationToken.None);

        Assert.Equal(MatchOutcome.PossibleDuplicate, rareAlone.Outcome);
        Assert.Equal([rare.ContactId], rareAlone.PossibleDuplicateIds);
        Assert.Equal(MatchOutcome.PossibleDuplicate, rareInTown.Outcome);
        Assert.Equal([rare.ContactId], rareInTown.PossibleDuplicateIds);
        Assert.Equal(MatchOutcome.NewRecord, commonAlone.Outcome);
        Assert.True(commonAlone.Best!.Score < MatchModel.Default.Thresholds.Review);
    }
}

using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Matching;

public class CompactDeduplicatorTests
{
    private static readonly string[] Given = ["Jean", "Marie", "Sébastien", "Seb", "Anne", "Pierre", "Claire", "Luc", "J", "Marie-Claire"];
    private static readonly string[] Family = ["Martin", "Dupont", "Moreau", "Lefèvre", "Durand", "Dupond", "Martin-Dupont", "Morel"];
    private static readonly string[] Postcodes = ["69003", "69006", "75011", "44000"];
    private static readonly string[] Streets = ["5 rue Garibaldi", "12 rue Oberkampf", "3 rue Crébillon", "48 boulevard Voltaire"];
    private static readonly string[] Sources = ["pms", "web-form", "booking-engine", "loyalty"];

    /// <summary>
    /// Few names, postcodes, mailboxes and phones for many records: namesakes, households, typos, replays, records
    /// that bridge two golden records — every kind of decision, many candidates per arrival.
    /// </summary>
    private static List<NormalizedContact> Generated(int count, int seed)
    {
        var random = new Random(seed);
        string? Maybe(double share, Func<string> value) => random.NextDouble() < share ? value() : null;
        var contacts = new List<NormalizedContact>(count);
        for (var i = 0; i < count; i++)
        {
            var guest = random.Next(count / 3);
            var given = Given[random.Next(Given.Length)];
            var family = Family[random.Next(Family.Length)];
            var postcode = Maybe(0.6, () => Postcodes[random.Next(Postcodes.Length)]);
            contacts.Add(Contacts.Make(
                // A record sent again now and then (the same source record, perhaps changed).
                random.NextDouble() < 0.05 && i > 0 ? "r" + random.Next(i) : "r" + i,
                given,
                family,
                email: Maybe(0.5, () => $"guest{guest % 40}@example.fr"),
                phone: Maybe(0.4, () => $"06 12 34 {guest % 30:00} {guest % 7:00}"),
                birthDate: random.NextDouble() < 0.4 ? new DateOnly(1950 + guest % 40, 1 + guest % 12, 1 + random.Next(2) * 10) : null,
                postcode: postcode,
                street: postcode is null ? null : Maybe(0.7, () => Streets[random.Next(Streets.Length)]),
                city: postcode is null ? null : "Lyon",
                source: Sources[random.Next(Sources.Length)],
                day: i,
                pmsId: Maybe(0.2, () => $"P{guest % 50}")));
        }
        return contacts;
    }

    private static string Describe(MatchDecision d) =>
        $"{d.Outcome} target={d.TargetId} possible=[{string.Join(",", d.PossibleDuplicateIds)}] also=[{string.Join(",", d.AlsoMergeIds)}] keys=[{string.Join(",", d.Keys)}] " +
        string.Join(" | ", d.Candidates.Select(c =>
            $"{c.CandidateId} {c.Score:R} with={c.ComparedWith} by=[{string.Join(",", c.FoundBy)}] vetoes=[{string.Join(",", c.Vetoes)}] namesAlone={c.NamesAlone} " +
            string.Join(" ", c.Comparisons.Select(x => $"{x.Field}={x.Level}({x.Weight:R},{x.U:R},{x.TermFrequencyAdjusted})"))));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Decisions_through_the_compact_store_are_those_taken_on_whole_golden_records(bool nameFrequencies)
    {
        var contacts = Generated(1000, seed: 7);
        var frequencies = nameFrequencies ? TermFrequencyTable.Build(contacts.Select(MatchProfile.From), MatchModel.Default) : null;
        var goldenRecords = new InMemoryGoldenRecordStore();
        var whole = new InMemoryDeduplicator(new IncrementalMatcher(new InMemoryMatchIndex(), goldenRecords, MatchModel.Default, frequencies), goldenRecords, new Survivorship());
        var profiles = new InMemoryCandidateStore();
        var compact = new CompactDeduplicator(new IncrementalMatcher(new InMemoryMatchIndex(), profiles, MatchModel.Default, frequencies), profiles);

        var outcomes = new HashSet<MatchOutcome>();
        var bridged = 0;
        foreach (var contact in contacts)
        {
            var (expected, golden) = await whole.AddAsync(contact, CancellationToken.None);
            var (actual, candidate) = await compact.AddAsync(contact, CancellationToken.None);
            Assert.Equal(Describe(expected), Describe(actual));
            Assert.Equal(golden.ContactId, candidate.ContactId);
            Assert.Equal(golden.Members.Select(m => m.Key), candidate.Members.Select(m => m.Key));
            outcomes.Add(expected.Outcome);
            bridged += expected.AlsoMergeIds.Count;
        }

        // The set exercised what it is meant to: every outcome, and clusters that met.
        Assert.Equal(3, outcomes.Count);
        Assert.True(bridged > 0);
        Assert.Equal(
            goldenRecords.All().Select(g => g.ContactId + ":" + string.Join(",", g.Members.Select(m => m.Key))).Order(StringComparer.Ordinal),
            profiles.All().Select(g => g.ContactId + ":" + string.Join(",", g.Members.Select(m => m.Key))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_golden_record_folded_into_another_leaves_the_store_and_its_members_keys_lead_to_the_survivor()
    {
        var profiles = new InMemoryCandidateStore();
        var matcher = new IncrementalMatcher(new InMemoryMatchIndex(), profiles, MatchModel.Default);
        var deduplicator = new CompactDeduplicator(matcher, profiles);
        var pms = (await deduplicator.AddAsync(Contacts.Make("r1", "Sébastien", "Moreau", phone: "06 12 34 56 78", postcode: "44000", street: "3 rue Crébillon"), CancellationToken.None)).Golden;
        var web = (await deduplicator.AddAsync(Contacts.Make("r2", "Seb", "Moreau", email: "seb.moreau@free.fr", source: "web-form", day: 1), CancellationToken.None)).Golden;

        var (decision, golden) = await deduplicator.AddAsync(
            Contacts.Make("r3", "Sebastien", "MOREAU", email: "seb.moreau@free.fr", phone: "+33 6 12 34 56 78", source: "booking-engine", day: 2), CancellationToken.None);

        Assert.Equal(MatchOutcome.Merge, decision.Outcome);
        var folded = decision.AlsoMergeIds.Single();
        Assert.Contains(folded, new[] { pms.ContactId, web.ContactId });
        Assert.Null(profiles.Get(folded));
        Assert.Equal(1, profiles.Count);
        Assert.Equal(["pms/r1", "web-form/r2", "booking-engine/r3"], golden.Members.Select(m => m.Key));
        // Only the web form knew the mailbox: it now finds the survivor, and the folded record nowhere.
        var again = await matcher.DecideAsync(Contacts.Make("r4", "Sebastien", "Moreau", email: "seb.moreau@free.fr", source: "survey"), CancellationToken.None);
        Assert.Equal(golden.ContactId, again.TargetId);
        Assert.DoesNotContain(again.Candidates, c => c.CandidateId == folded);
    }

    [Fact]
    public async Task A_source_record_sent_again_replaces_its_profile_instead_of_adding_a_member()
    {
        var profiles = new InMemoryCandidateStore();
        var deduplicator = new CompactDeduplicator(new IncrementalMatcher(new InMemoryMatchIndex(), profiles, MatchModel.Default), profiles);
        var first = (await deduplicator.AddAsync(Contacts.Make("r1", "Jean", "Dupont", email: "jean.dupont@gmail.com"), CancellationToken.None)).Golden;

        var (decision, golden) = await deduplicator.AddAsync(Contacts.Make("r1", "Jean", "Dupont", email: "jean.dupont@gmail.com", phone: "06 12 34 56 78", day: 3), CancellationToken.None);

        Assert.Equal(first.ContactId, decision.TargetId);
        var member = Assert.Single(golden.Members);
        Assert.Equal(["+33612345678"], member.Profile.Phones);
        Assert.Same(golden, profiles.Get(first.ContactId));
    }

    [Fact]
    public void Values_many_guests_share_are_held_once()
    {
        var profiles = new InMemoryCandidateStore();

        var a = profiles.Member(Contacts.Make("r1", "Jean", "Dupont", postcode: "69003", city: "Lyon", pmsId: "P1"));
        var b = profiles.Member(Contacts.Make("r2", "Jean", "Martin", postcode: "69003", city: "Lyon", pmsId: "P2"));

        Assert.Same(a.Profile.GivenName, b.Profile.GivenName);
        Assert.Same(a.Profile.Postcode, b.Profile.Postcode);
        Assert.Same(a.Profile.City, b.Profile.City);
        Assert.Same(a.Origin.Source, b.Origin.Source);
        Assert.Same(a.Profile.ExternalIds.Keys.Single(), b.Profile.ExternalIds.Keys.Single());
        Assert.Equal(BlockingKeys.For(MatchProfile.From(Contacts.Make("r1", "Jean", "Dupont", postcode: "69003", city: "Lyon", pmsId: "P1"))), BlockingKeys.For(a.Profile));
    }
}

using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;
using CrmFunctions.Testing;

namespace CrmFunctions.Tests.Pipeline;

/// <summary>The match index, golden records, source map, merge log and review pairs against a real Azurite.</summary>
public sealed class PipelineStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Survivorship Survivorship = new();

    private static ContactInput Elodie(string email = "elodie.delatour@example.fr", string? phone = "06 12 34 56 78") => new()
    {
        GivenName = "Élodie",
        FamilyName = "de la Tour",
        Emails = [email],
        Phones = phone is null ? null : [phone],
        BirthDate = new DateOnly(1985, 4, 12),
    };

    [Fact]
    public async Task Match_index_finds_a_golden_record_by_any_of_its_keys_and_forgets_it_on_removal()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var email = new BlockingKey(BlockingKeys.Email, "elodie.delatour@example.fr");
        var phone = new BlockingKey(BlockingKeys.Phone, "+33612345678");

        await stores.Index.AddAsync("ct-1", [email, phone], CancellationToken.None);
        await stores.Index.AddAsync("ct-2", [phone], CancellationToken.None);
        await stores.Index.AddAsync("ct-1", [email], CancellationToken.None); // again: no second row

        Assert.Equal(["ct-1"], await stores.Index.FindCandidatesAsync([email], CancellationToken.None));
        Assert.Equal(["ct-1", "ct-2"], (await stores.Index.FindCandidatesAsync([email, phone], CancellationToken.None)).Order());
        Assert.Empty(await stores.Index.FindCandidatesAsync([new BlockingKey(BlockingKeys.Email, "someone@else.fr")], CancellationToken.None));

        await stores.Index.RemoveAsync("ct-1", [email, phone], CancellationToken.None);
        Assert.Equal(["ct-2"], await stores.Index.FindCandidatesAsync([email, phone], CancellationToken.None));
    }

    [Fact]
    public async Task A_block_shared_by_too_many_golden_records_is_no_longer_read_even_after_removals()
    {
        var stores = await PipelineStores.CreateAsync(azurite, maxBlockSize: 3);
        var hotelPhone = new BlockingKey(BlockingKeys.Phone, "+33140000000");
        var own = new BlockingKey(BlockingKeys.Email, "guest4@example.fr");

        for (var i = 1; i <= 3; i++)
            await stores.Index.AddAsync("ct-" + i, [hotelPhone], CancellationToken.None);
        Assert.Equal(3, (await stores.Index.FindCandidatesAsync([hotelPhone], CancellationToken.None)).Count);

        await stores.Index.AddAsync("ct-4", [hotelPhone, own], CancellationToken.None);
        Assert.Empty(await stores.Index.FindCandidatesAsync([hotelPhone], CancellationToken.None));
        Assert.Equal(["ct-4"], await stores.Index.FindCandidatesAsync([hotelPhone, own], CancellationToken.None));

        await stores.Index.RemoveAsync("ct-1", [hotelPhone], CancellationToken.None);
        Assert.Empty(await stores.Index.FindCandidatesAsync([hotelPhone], CancellationToken.None));
    }

    [Fact]
    public async Task Golden_record_too_large_for_one_property_round_trips_through_several_chunks()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var golden = Survivorship.Create("ct-big", PipelineStores.Contact("pms", "r-0", Elodie()));
        // Random comments do not compress: the JSON needs several 64 KiB properties.
        for (var i = 1; i < 600; i++)
        {
            var input = Elodie($"elodie{i}@example.fr") with { Address = new PostalAddress { Street = Guid.NewGuid() + " " + Guid.NewGuid() + " rue " + Guid.NewGuid(), City = "Paris", PostalCode = "75009" } };
            golden = Survivorship.Merge(golden, PipelineStores.Contact("pms", "r-" + i, input, DateTimeOffset.UnixEpoch.AddDays(20000 + i)));
        }
        var entity = GoldenRecordStore.ToEntity(golden);
        Assert.True(entity.GetInt32("DChunks") > 1, "the test record should need more than one chunk");

        await stores.Golden.UpdateAsync("ct-big", _ => golden, CancellationToken.None);
        var read = await stores.Golden.GetAsync("ct-big", CancellationToken.None);

        Assert.NotNull(read?.Record);
        Assert.Equal(600, read.Record.Members.Count);
        Assert.Equal(golden.Members.Select(m => m.Key), read.Record.Members.Select(m => m.Key));
        Assert.Equal(golden.Members[^1].Contact.Address, read.Record.Members[^1].Contact.Address);
        Assert.Equal("Élodie", read.Record.Name?.GivenName);
        Assert.Equal(600, read.Record.Emails.Count);
    }

    [Fact]
    public async Task Workers_merging_into_one_golden_record_at_once_lose_no_update()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var first = PipelineStores.Contact("pms", "r-0", Elodie());
        await stores.Golden.UpdateAsync("ct-shared", _ => Survivorship.Create("ct-shared", first), CancellationToken.None);

        var arrivals = Enumerable.Range(1, 8)
            .Select(i => PipelineStores.Contact("web-form", "w-" + i, Elodie($"elodie+{i}@example.fr", phone: $"06 12 34 56 {10 + i}")))
            .ToList();
        using var start = new SemaphoreSlim(0);
        var workers = arrivals.Select(contact => Task.Run(async () =>
        {
            await start.WaitAsync();
            await stores.Golden.UpdateAsync("ct-shared", g => Survivorship.Merge(g!, contact), CancellationToken.None);
        })).ToList();
        start.Release(arrivals.Count);
        await Task.WhenAll(workers);

        var stored = await stores.Golden.GetAsync("ct-shared", CancellationToken.None);
        Assert.Equal(9, stored!.Record!.Members.Count);
        Assert.Equal(9, stored.Record.Phones.Count);
    }

    [Fact]
    public async Task Two_deduplicators_placing_duplicates_of_one_guest_at_once_keep_both_in_one_golden_record()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var founding = await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("pms", "g-1", Elodie()), CancellationToken.None);

        var results = await Task.WhenAll(
            Task.Run(() => stores.Deduplicator.ApplyAsync(PipelineStores.Contact("web-form", "w-1", Elodie("ELODIE.DELATOUR@example.fr")), CancellationToken.None)),
            Task.Run(() => stores.Deduplicator.ApplyAsync(PipelineStores.Contact("booking-engine", "b-1", Elodie(phone: "+33 (0)6 12 34 56 78")), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(("merge", founding.ContactId), (r.Outcome, r.ContactId)));
        var golden = (await stores.Golden.GetAsync(founding.ContactId, CancellationToken.None))!.Record!;
        Assert.Equal(["booking-engine/b-1", "pms/g-1", "web-form/w-1"], golden.Members.Select(m => m.Key).Order());
    }

    [Fact]
    public async Task The_same_record_processed_twice_changes_nothing_the_second_time()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("pms", "g-1", Elodie()), CancellationToken.None);
        var duplicate = PipelineStores.Contact("web-form", "w-9", Elodie("Elodie.DeLaTour@Example.fr"));

        var first = await stores.Deduplicator.ApplyAsync(duplicate, CancellationToken.None);
        var before = await stores.Golden.GetAsync(first.ContactId, CancellationToken.None);
        var second = await stores.Deduplicator.ApplyAsync(duplicate, CancellationToken.None);
        var after = await stores.Golden.GetAsync(first.ContactId, CancellationToken.None);

        Assert.Equal("merge", first.Outcome);
        Assert.Equal(("replay", first.ContactId), (second.Outcome, second.ContactId));
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Equal(2, after.Record!.Members.Count);
        var log = await stores.Log.ReadAsync(first.ContactId, CancellationToken.None);
        Assert.Equal(["new-record", "merge"], log.Select(e => e.Outcome));
        Assert.Equal(first.ContactId, await stores.Sources.GetAsync("web-form/w-9", CancellationToken.None));
    }

    [Fact]
    public async Task A_record_whose_first_run_stopped_after_the_golden_record_was_written_is_placed_once_on_redelivery()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var contact = PipelineStores.Contact("pms", "g-7", Elodie());
        // The first run wrote the golden record, then stopped before the source map and the index.
        var id = ContactIds.For(contact.Origin!);
        await stores.Golden.UpdateAsync(id, _ => Survivorship.Create(id, contact), CancellationToken.None);

        var result = await stores.Deduplicator.ApplyAsync(contact, CancellationToken.None);

        Assert.Equal(id, result.ContactId);
        Assert.Single((await stores.Golden.GetAsync(id, CancellationToken.None))!.Record!.Members);
        Assert.Equal(id, await stores.Sources.GetAsync("pms/g-7", CancellationToken.None));
        Assert.Equal([id], await stores.Matcher.DecideAsync(contact, CancellationToken.None) is { } d ? d.Candidates.Select(c => c.CandidateId) : []);
    }

    [Fact]
    public async Task Merge_log_explains_a_merge_with_blocking_keys_comparators_score_and_thresholds()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var founding = await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("pms", "g-1", Elodie()), CancellationToken.None);
        await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("web-form", "w-1", Elodie(phone: "+33 6 12 34 56 78")), CancellationToken.None);

        var merge = (await stores.Log.ReadAsync(founding.ContactId, CancellationToken.None)).Single(e => e.Outcome == "merge");

        Assert.Equal("web-form/w-1", merge.MemberKey);
        Assert.Equal(founding.ContactId, merge.CandidateId);
        Assert.Contains("email:elodie.delatour@example.fr", merge.FoundBy);
        Assert.Contains("phone:+33612345678", merge.BlockingKeys);
        Assert.Contains(merge.Comparisons, c => c is { Field: "email", Level: Levels.Exact });
        Assert.Contains(merge.Comparisons, c => c is { Field: "given_name", Level: Levels.Exact });
        Assert.True(merge.Score >= merge.AutoMergeThreshold);
        Assert.Equal((20, 12), (merge.AutoMergeThreshold, merge.ReviewThreshold));
    }

    [Fact]
    public async Task A_possible_duplicate_starts_its_own_golden_record_and_files_a_pair_a_never_link_keeps_it_from_returning()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var jean = new ContactInput { GivenName = "Jean", FamilyName = "Martin", Phones = ["06 11 22 33 44"], Address = new PostalAddress { Street = "12 rue de la Paix", PostalCode = "75002", City = "Paris" } };
        var first = await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("pms", "g-1", jean), CancellationToken.None);
        // Same household phone and address, another given name: a relative, or the same guest? A person decides.
        var claire = jean with { GivenName = "Claire" };
        var second = await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("pms", "g-2", claire), CancellationToken.None);

        Assert.Equal("possible-duplicate", second.Outcome);
        Assert.NotEqual(first.ContactId, second.ContactId);
        var pair = Assert.Single(await stores.Reviews.ListOpenAsync(50, CancellationToken.None));
        Assert.Equal(DuplicateReviews.PairId(first.ContactId, second.ContactId), pair.PairId);
        Assert.Contains(pair.Explanation!.Comparisons, c => c is { Field: "given_name", Level: Levels.Different });

        await stores.Reviews.ResolveAsync(pair, "never-link", "reviewer", DateTimeOffset.UtcNow, CancellationToken.None);
        await stores.Reviews.NeverLinkAsync(first.ContactId, second.ContactId, CancellationToken.None);
        // Claire again, from another system: she joins her own record; the pair is not raised again.
        await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("booking-engine", "b-5", claire), CancellationToken.None);

        Assert.Empty(await stores.Reviews.ListOpenAsync(50, CancellationToken.None));
    }

    [Fact]
    public async Task An_unsubscribe_known_only_by_its_e_mail_joins_the_guest_and_its_withdrawal_wins()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        var guest = Elodie() with { Consents = [new ConsentInput { Channel = "email", Granted = true, At = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero) }] };
        var founding = await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("pms", "g-1", guest), CancellationToken.None);
        var unsubscribe = new ContactInput
        {
            Emails = ["Elodie.DelaTour@example.fr"],
            Consents = [new ConsentInput { Channel = "email", Granted = false, At = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), Source = "brevo" }],
        };

        var result = await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("brevo", "evt-1", unsubscribe), CancellationToken.None);

        Assert.Equal(("merge", founding.ContactId), (result.Outcome, result.ContactId));
        var golden = (await stores.Golden.GetAsync(founding.ContactId, CancellationToken.None))!.Record!;
        Assert.False(golden.Consents.Where(c => c.Channel == ConsentChannel.Email).MaxBy(c => c.At)!.Granted);
        var entry = (await stores.Log.ReadAsync(founding.ContactId, CancellationToken.None)).Single(e => e.MemberKey == "brevo/evt-1");
        Assert.Contains("contact points only", entry.Note);
        Assert.Empty(await stores.Reviews.ListOpenAsync(50, CancellationToken.None));
    }

    [Fact]
    public async Task A_golden_record_stored_before_consents_kept_their_proof_still_reads()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        const string stored = """
            {"contactId":"ct-stored-before-proof","members":[],"consents":[
              {"channel":"Email","granted":true,"at":"2026-10-01T09:00:00+00:00","source":"pms"},
              {"channel":"Email","granted":false,"at":"2026-11-21T09:00:00+00:00","source":"brevo:unsubscribed"}],
             "updatedAt":"2026-11-21T09:00:00+00:00"}
            """;
        var entity = new TableEntity("ct-stored-before-proof", GoldenRecordStore.Row) { ["Format"] = "gzip-json", ["MemberCount"] = 0 };
        CompressedProperty.Set(entity, "D", System.Text.Encoding.UTF8.GetBytes(stored));
        await stores.Golden.Table.UpsertEntityAsync(entity);

        var golden = (await stores.Golden.GetAsync("ct-stored-before-proof", CancellationToken.None))!.Record!;

        Assert.Equal([true, false], golden.Consents.Select(c => c.Granted));
        Assert.All(golden.Consents, c => Assert.Null(c.Evidence));
        Assert.Equal("brevo:unsubscribed", ConsentLedger.Current(golden.Consents)[ConsentChannel.Email].Source);
    }

    [Fact]
    public async Task A_bare_e_mail_shared_by_two_guests_is_left_for_review()
    {
        var stores = await PipelineStores.CreateAsync(azurite);
        // A couple sharing one mailbox: the address alone cannot say which of them unsubscribed.
        await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("pms", "g-1", Elodie("famille.tour@example.fr")), CancellationToken.None);
        await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("pms", "g-2", Elodie("famille.tour@example.fr", phone: "06 99 88 77 66") with
        {
            GivenName = "Marc", BirthDate = new DateOnly(1983, 2, 1),
        }), CancellationToken.None);

        var result = await stores.Deduplicator.ApplyAsync(PipelineStores.Contact("brevo", "evt-2",
            new ContactInput { Emails = ["famille.tour@example.fr"] }), CancellationToken.None);

        Assert.NotEqual("merge", result.Outcome);
    }
}

using CrmFunctions.Core.Matching;

namespace CrmFunctions.Core.Tests.Matching;

public class SurvivorshipTests
{
    private readonly Survivorship survivorship = new(new SurvivorshipOptions { SourceTrustOrder = ["pms", "web-form"] });

    [Fact]
    public void The_contact_id_stays_the_one_of_the_first_record()
    {
        var first = Contacts.Make("r1", "Jean", "Dupont", email: "jean@free.fr");
        var golden = survivorship.Create(ContactIds.For(first.Origin!), first);

        var merged = survivorship.Merge(golden, Contacts.Make("r2", "Jean", "Dupont", phone: "0612345678", source: "web-form", day: 3));

        Assert.Equal(ContactIds.For(first.Origin!), merged.ContactId);
        Assert.Equal(2, merged.Members.Count);
    }

    [Fact]
    public void Merging_the_same_source_record_twice_changes_nothing()
    {
        var first = Contacts.Make("r1", "Jean", "Dupont", email: "jean@free.fr");
        var second = Contacts.Make("r2", "Jean", "Dupond", email: "jean.d@gmail.com", source: "web-form", day: 2);
        var once = survivorship.Merge(survivorship.Create("ct-1", first), second);

        var twice = survivorship.Merge(once, second);

        Assert.Equal(once.Members.Select(m => m.Key), twice.Members.Select(m => m.Key));
        Assert.Equal(once.Name, twice.Name);
        Assert.Equal(once.Emails.Select(e => e.Value.Address), twice.Emails.Select(e => e.Value.Address));
        Assert.Equal(once.Provenance, twice.Provenance);
        Assert.Equal(once.UpdatedAt, twice.UpdatedAt);
    }

    [Fact]
    public void The_most_trusted_source_wins_the_name_even_when_older()
    {
        var pms = Contacts.Make("r1", "Jean-Pierre", "Dupont", source: "pms", day: 0);
        var web = Contacts.Make("r2", "JP", "Dupont", source: "web-form", day: 10);

        var golden = survivorship.Merge(survivorship.Create("ct-1", web), pms);

        Assert.Equal("Jean-Pierre", golden.Name!.GivenName);
        Assert.Equal("pms/r1", golden.Provenance["name"]);
    }

    [Fact]
    public void The_most_recent_address_wins_and_an_empty_one_never_does()
    {
        var old = Contacts.Make("r1", "Ana", "Silva", postcode: "75011", city: "Paris", day: 0);
        var moved = Contacts.Make("r2", "Ana", "Silva", postcode: "69003", city: "Lyon", source: "web-form", day: 5);
        var noAddress = Contacts.Make("r3", "Ana", "Silva", email: "ana@free.fr", source: "web-form", day: 9);

        var golden = survivorship.Merge(survivorship.Merge(survivorship.Create("ct-1", old), moved), noAddress);

        Assert.Equal("Lyon", golden.Address!.City);
    }

    [Fact]
    public void Every_email_and_phone_is_kept_with_its_sources()
    {
        var a = Contacts.Make("r1", "Ana", "Silva", email: "ana@free.fr", phone: "06 12 34 56 78");
        var b = Contacts.Make("r2", "Ana", "Silva", email: "ANA@FREE.FR", phone: "07 81 23 45 67", source: "web-form", day: 1);

        var golden = survivorship.Merge(survivorship.Create("ct-1", a), b);

        Assert.Equal(["pms", "web-form"], golden.Emails.Single().Sources);
        Assert.Equal(2, golden.Phones.Count);
        Assert.Equal(["web-form"], golden.Phones.Single(p => p.Value.E164 == "+33781234567").Sources);
    }

    [Fact]
    public void The_result_does_not_depend_on_arrival_order()
    {
        var a = Contacts.Make("r1", "Ana", "Silva", postcode: "75011", day: 0);
        var b = Contacts.Make("r2", "Anna", "Silva", postcode: "69003", source: "web-form", day: 4);

        var ab = survivorship.Merge(survivorship.Create("ct-1", a), b);
        var ba = survivorship.Merge(survivorship.Create("ct-1", b), a);

        Assert.Equal(ab.Name, ba.Name);
        Assert.Equal(ab.Address, ba.Address);
    }

    [Fact]
    public void Removing_a_member_undoes_its_contribution()
    {
        var a = Contacts.Make("r1", "Ana", "Silva", email: "ana@free.fr");
        var b = Contacts.Make("r2", "Ana", "Silva", email: "ana.silva@gmail.com", source: "web-form", day: 1);
        var golden = survivorship.Merge(survivorship.Create("ct-1", a), b);

        var undone = survivorship.Remove(golden, "web-form", "r2")!;

        Assert.Equal(["ana@free.fr"], undone.Emails.Select(e => e.Value.Address));
        Assert.Null(survivorship.Remove(undone, "pms", "r1"));
    }
}

using System.Text.Json.Nodes;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Core.Privacy;

namespace CrmFunctions.Core.Tests.Privacy;

/// <summary>What an erasure or an export recognises as the guest's, whatever form the sender typed it in.</summary>
public class GuestIdentityTests
{
    private static GuestIdentity Jeanne()
    {
        var identity = new GuestIdentity("FR");
        identity.AddEmail("Jeanne.Martin@Example.fr");
        identity.AddPhone("06 12 34 56 78");
        return identity;
    }

    [Theory]
    [InlineData("jeanne.martin@example.fr")]
    [InlineData("  JEANNE.MARTIN@EXAMPLE.FR ")]
    [InlineData("mailto:jeanne.martin@example.fr")]
    [InlineData("Please write to Jeanne.Martin@example.fr, thanks")]
    [InlineData("+33612345678")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("0033 6 12 34 56 78")]
    [InlineData("33612345678")]
    [InlineData("06.12.34.56.78")]
    [InlineData("+33 (0)6 12 34 56 78")]
    [InlineData("call me on 06 12 34 56 78 after 6pm")]
    public void Recognises_the_guest_in_any_form_a_sender_typed(string value) => Assert.True(Jeanne().Mentions(value));

    [Theory]
    [InlineData("jeanne.martin@example.com")]
    [InlineData("martin@example.fr")]
    [InlineData("06 12 34 56 79")]
    [InlineData("+44 7700 900123")]
    [InlineData("Room 612, booking 20261205")]
    [InlineData("")]
    public void Does_not_take_someone_else_for_the_guest(string value) => Assert.False(Jeanne().Mentions(value));

    [Fact]
    public void A_golden_record_brings_its_members_ids_external_ids_and_the_records_they_came_from()
    {
        var origin = new ContactOrigin("pms", "20261201090000000-abc/3", DateTimeOffset.UnixEpoch);
        var contact = new ContactNormalizer(new NormalizationOptions { DefaultCountry = "FR", Today = new DateOnly(2026, 12, 1) })
            .Normalize(new Contacts.ContactInput { GivenName = "Jeanne", Emails = ["jeanne@example.fr"], ExternalIds = new Dictionary<string, string> { ["pms"] = "G-77" } }, origin);
        var golden = new GoldenRecord { ContactId = "ct-live", Members = [new GoldenMember(origin, contact)], ExternalIds = contact.ExternalIds };
        var identity = new GuestIdentity("FR");

        identity.Add(golden);

        Assert.Contains("ct-live", identity.ContactIds);
        Assert.Contains(ContactIds.For(origin), identity.ContactIds);
        Assert.Equal(["20261201090000000-abc"], identity.IngestionIds);
        Assert.True(identity.IsRecord("20261201090000000-abc", 3));
        Assert.False(identity.IsRecord("20261201090000000-abc", 2));
        Assert.True(identity.Mentions(JsonNode.Parse("""{"externalIds":{"PMS":"G-77"},"givenName":"Jeanne"}""")));
        Assert.False(identity.Mentions(JsonNode.Parse("""{"externalIds":{"loyalty":"G-77"}}""")));
        // A queued contact names its record by ingestion and index, not by its content.
        Assert.True(identity.Mentions(JsonNode.Parse("""{"ingestionId":"20261201090000000-abc","index":3,"contact":{}}""")));
    }

    [Fact]
    public void A_shared_mailbox_on_the_guests_record_does_not_make_everyone_who_gave_it_the_guest()
    {
        var origin = new ContactOrigin("pms", "ing/0", DateTimeOffset.UnixEpoch);
        var contact = new ContactNormalizer(new NormalizationOptions { DefaultCountry = "FR", Today = new DateOnly(2026, 12, 1) })
            .Normalize(new Contacts.ContactInput { Emails = ["reservations@agence-voyage.fr", "jeanne@example.fr"] }, origin);
        var identity = new GuestIdentity("FR");

        identity.Add(new GoldenRecord { ContactId = "ct-live", Members = [new GoldenMember(origin, contact)] });

        Assert.True(identity.Mentions("jeanne@example.fr"));
        Assert.False(identity.Mentions("reservations@agence-voyage.fr"));
    }

    [Fact]
    public void A_batch_loses_the_guests_records_and_keeps_everyone_elses_in_place()
    {
        var payload = JsonNode.Parse("""{"source":"pms","contacts":[{"emails":["a@x.fr"]},{"emails":["jeanne.martin@example.fr"]},{"emails":["b@x.fr"]}]}""");

        var erasure = PayloadRecords.Erase(payload, (record, _) => Jeanne().Mentions(record));

        Assert.Equal((1, 2, false), (erasure.Erased, erasure.Kept, erasure.DeleteWhole));
        var contacts = erasure.Rewritten!["contacts"]!.AsArray();
        Assert.Equal(3, contacts.Count);
        Assert.Null(contacts[1]);
        Assert.Equal("b@x.fr", (string?)contacts[2]!["emails"]![0]);
        Assert.DoesNotContain("jeanne", erasure.Rewritten.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_single_record_payload_of_the_guest_is_deleted_whole()
    {
        var survey = JsonNode.Parse("""{"surveyId":"s","respondent":{"phone":"+33 6 12 34 56 78"},"nps":3}""");

        Assert.True(PayloadRecords.Erase(survey, (record, _) => Jeanne().Mentions(record)).DeleteWhole);
        Assert.Equal(0, PayloadRecords.Erase(JsonNode.Parse("""[{"phone":"+44 7700 900123"}]"""), (r, _) => Jeanne().Mentions(r)).Erased);
    }
}

using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Normalization;

public class EmailNormalizerTests
{
    [Fact]
    public void The_address_is_trimmed_and_its_domain_lowercased_but_the_local_part_kept()
    {
        var email = EmailNormalizer.Normalize("  Jean.Dupont@Orange.FR ").Email!;
        Assert.Equal("Jean.Dupont@orange.fr", email.Address);
    }

    [Theory]
    [InlineData("Jean.Dupont@gmail.com", "jeandupont@gmail.com")]
    [InlineData("jean.dupont+hotel@googlemail.com", "jeandupont@gmail.com")]
    [InlineData("j.e.a.n.dupont@GMAIL.com", "jeandupont@gmail.com")]
    [InlineData("marie+resa@orange.fr", "marie@orange.fr")]
    [InlineData("marie.curie@orange.fr", "marie.curie@orange.fr")]
    [InlineData("mailto:<Paul@Example-Hotel.ch>", "paul@example-hotel.ch")]
    public void Provider_aliases_fold_into_one_match_key(string typed, string key) =>
        Assert.Equal(key, EmailNormalizer.Normalize(typed).Email!.MatchKey);

    [Theory]
    [InlineData("noreply@hotel-lumiere.fr", EmailFlags.Placeholder)]
    [InlineData("test@orange.fr", EmailFlags.Placeholder)]
    [InlineData("none@none.com", EmailFlags.Placeholder)]
    [InlineData("guest@example.com", EmailFlags.Placeholder)]
    [InlineData("reservations@agence-voyage.fr", EmailFlags.Role)]
    [InlineData("info@societe.de", EmailFlags.Role)]
    [InlineData("k7x2@yopmail.com", EmailFlags.Disposable)]
    [InlineData("anna@mailinator.com", EmailFlags.Disposable)]
    [InlineData("sophie.martin@free.fr", EmailFlags.None)]
    public void Shared_fake_and_throw_away_addresses_are_flagged(string typed, EmailFlags flags)
    {
        var email = EmailNormalizer.Normalize(typed).Email!;

        Assert.Equal(flags, email.Flags);
        Assert.Equal(flags == EmailFlags.None, email.IsIdentifying);
    }

    [Theory]
    [InlineData("jean.dupont.gmail.com", "missing-at")]
    [InlineData("jean@@gmail.com", "several-at")]
    [InlineData("jean..dupont@gmail.com", "invalid-local-part")]
    [InlineData(".jean@gmail.com", "invalid-local-part")]
    [InlineData("jean dupont@gmail.com", "invalid-local-part")]
    [InlineData("jean@gmail", "invalid-domain")]
    [InlineData("jean@-gmail.com", "invalid-domain")]
    [InlineData("jean@gmail.c", "invalid-domain")]
    [InlineData("   ", "empty")]
    public void Malformed_addresses_are_rejected_with_a_reason(string typed, string reason)
    {
        var result = EmailNormalizer.Normalize(typed);

        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Internationalized_addresses_are_accepted()
    {
        Assert.True(EmailNormalizer.Normalize("josé@correo.es").IsValid);
        Assert.True(EmailNormalizer.Normalize("info@müller.de").IsValid);
    }
}

using System.Text;
using CrmFunctions.Core.Privacy;

namespace CrmFunctions.Core.Tests.Privacy;

public class GuestKeyTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("unit-test-guest-key-secret-0123456789");
    private static readonly byte[] OtherSecret = Encoding.UTF8.GetBytes("another-deployment-secret-0123456789");

    [Theory]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("0033612345678")]
    [InlineData("+33 (0)6.12.34.56.78")]
    [InlineData("06-12-34-56-78")]
    public void A_phone_typed_in_any_form_gives_the_key_of_its_national_form(string typed)
    {
        Assert.Equal(GuestKey.OfPhone(Secret, "06 12 34 56 78", "FR"), GuestKey.OfPhone(Secret, typed, "FR"));
    }

    [Fact]
    public void An_e_mail_gives_one_key_whatever_its_case_and_spaces()
    {
        Assert.Equal(GuestKey.OfEmail(Secret, "jane.doe@example.com"), GuestKey.OfEmail(Secret, "Jane.Doe@Example.com "));
    }

    [Fact]
    public void Provider_aliases_of_one_mailbox_give_one_key()
    {
        Assert.Equal(GuestKey.OfEmail(Secret, "jeandupont@gmail.com"), GuestKey.OfEmail(Secret, "Jean.Dupont+hotel@googlemail.com"));
    }

    [Fact]
    public void Another_secret_gives_other_keys()
    {
        Assert.NotEqual(GuestKey.OfEmail(Secret, "jane.doe@example.com"), GuestKey.OfEmail(OtherSecret, "jane.doe@example.com"));
        Assert.NotEqual(GuestKey.OfPhone(Secret, "+33612345678", null), GuestKey.OfPhone(OtherSecret, "+33612345678", null));
    }

    [Fact]
    public void A_key_holds_neither_the_address_nor_the_digits_and_tells_its_kind()
    {
        var email = GuestKey.OfEmail(Secret, "jane.doe@example.com")!;
        var phone = GuestKey.OfPhone(Secret, "06 12 34 56 78", "FR")!;

        Assert.StartsWith(GuestKey.EmailPrefix, email);
        Assert.StartsWith(GuestKey.PhonePrefix, phone);
        Assert.DoesNotContain("jane", email, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example", email, StringComparison.OrdinalIgnoreCase);
        foreach (var digits in new[] { "612345678", "0612345678", "33612345678", "12345678" })
            Assert.DoesNotContain(digits, phone, StringComparison.Ordinal);
        Assert.True(GuestKey.IsKeyed(email) && GuestKey.IsKeyed(phone));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an address")]
    public void Something_that_is_no_address_gives_no_key(string? email)
    {
        Assert.Null(GuestKey.OfEmail(Secret, email));
    }

    [Fact]
    public void A_national_number_without_a_country_gives_no_key()
    {
        Assert.Null(GuestKey.OfPhone(Secret, "06 12 34 56 78", null));
        Assert.Null(GuestKey.OfPhone(Secret, "  ", "FR"));
    }
}

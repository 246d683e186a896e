using System.Text;
using CrmFunctions.Core.Webhooks;

namespace CrmFunctions.Core.Tests.Intake;

public class SharedSecretAuthTests
{
    private const string Secret = "brevo-s3cret";

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Fact]
    public void Bearer_token_or_basic_password_equal_to_the_secret_is_valid()
    {
        Assert.Equal(SignatureCheck.Valid, SharedSecretAuth.Verify(Secret, "Bearer " + Secret));
        Assert.Equal(SignatureCheck.Valid, SharedSecretAuth.Verify(Secret, Basic("anyone:" + Secret)));
    }

    [Theory]
    [InlineData(null, SignatureCheck.Missing)]
    [InlineData("", SignatureCheck.Missing)]
    [InlineData("Bearer brevo-s3cre", SignatureCheck.Mismatch)]
    [InlineData("Bearer brevo-s3cret2", SignatureCheck.Mismatch)]
    [InlineData("Digest brevo-s3cret", SignatureCheck.Malformed)]
    [InlineData("Basic !!!", SignatureCheck.Malformed)]
    public void Anything_else_is_refused(string? header, SignatureCheck expected) =>
        Assert.Equal(expected, SharedSecretAuth.Verify(Secret, header));

    [Fact]
    public void The_secret_as_basic_user_name_is_not_enough() =>
        Assert.Equal(SignatureCheck.Mismatch, SharedSecretAuth.Verify(Secret, Basic(Secret + ":")));
}

using Azure.Core;
using Moq;

namespace CrmFunctions.Storage.Tests.Unit;

public class StorageAccountTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Development_storage_points_at_the_default_azurite_ports_with_the_well_known_account()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), account.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableEndpoint);
        Assert.True(account.UsesSharedKey);
    }

    [Fact]
    public void Explicit_endpoints_are_used_as_given_path_style_included()
    {
        var account = StorageAccount.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:41001/devstoreaccount1/;" +
            "TableEndpoint=http://127.0.0.1:41002/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:41000/devstoreaccount1"), account.BlobEndpoint);
        Assert.Equal("/devstoreaccount1", account.QueueEndpoint.AbsolutePath);
        Assert.Equal(41002, account.TableEndpoint.Port);
    }

    [Fact]
    public void Cloud_connection_string_gives_host_style_endpoints_from_the_suffix()
    {
        var account = StorageAccount.Parse($"DefaultEndpointsProtocol=https;AccountName=crmprod;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal("crmprod", account.AccountName);
        Assert.Equal(new Uri("https://crmprod.blob.core.windows.net"), account.BlobEndpoint);
        Assert.Equal(new Uri("https://crmprod.queue.core.windows.net"), account.QueueEndpoint);
        Assert.Equal(new Uri("https://crmprod.table.core.windows.net"), account.TableEndpoint);
    }

    [Fact]
    public void Setting_names_are_case_insensitive_and_other_clouds_keep_their_suffix()
    {
        var account = StorageAccount.Parse($"accountname=crmcn;accountkey={Key};endpointsuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://crmcn.table.core.chinacloudapi.cn"), account.TableEndpoint);
    }

    [Fact]
    public void Token_credential_account_uses_https_host_style_endpoints_and_no_key()
    {
        var account = StorageAccount.FromTokenCredential("crmprod", Mock.Of<TokenCredential>());

        Assert.Equal(new Uri("https://crmprod.queue.core.windows.net"), account.QueueEndpoint);
        Assert.False(account.UsesSharedKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AccountName=crm")]
    [InlineData("AccountKey=" + Key)]
    [InlineData("AccountName=crm;AccountKey=not base64!")]
    [InlineData("AccountName=crm;AccountKey=" + Key + ";BlobEndpoint=not a url")]
    [InlineData("AccountName=crm;SharedAccessSignature=sv=2020&sig=abc")]
    [InlineData("garbage")]
    public void Malformed_connection_strings_are_rejected(string connectionString)
    {
        Assert.Throws<FormatException>(() => StorageAccount.Parse(connectionString));
    }

    [Fact]
    public void Neither_ToString_nor_a_parse_error_reveals_the_key()
    {
        var account = StorageAccount.Parse($"AccountName=crmprod;AccountKey={Key}");
        var error = Assert.Throws<FormatException>(() => StorageAccount.Parse($"AccountName=crmprod;AccountKey={Key};TableEndpoint=ftp://x"));

        Assert.Contains("crmprod", account.ToString());
        Assert.DoesNotContain(Key[..20], account.ToString());
        Assert.DoesNotContain(Key[..20], error.Message);
    }
}

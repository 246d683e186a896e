using Microsoft.Extensions.Configuration;

namespace CrmFunctions.Storage.Tests.Configuration;

public class StorageSettingsTests
{
    private const string Azurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    [Theory]
    [InlineData("UseDevelopmentStorage=true", null, null)]
    [InlineData(Azurite, null, null)]
    [InlineData(null, "crmprodst", null)]
    [InlineData(null, "crmprodst", "6f1c2a9e-3b6d-4d8e-9a41-0c5b7e2f1d33")]
    public void The_forms_the_app_is_deployed_with_are_accepted(string? connectionString, string? accountName, string? clientId)
    {
        var settings = new StorageSettings { ConnectionString = connectionString, AccountName = accountName, ClientId = clientId };

        Assert.Empty(settings.Problems());
    }

    [Theory]
    [InlineData(null, null, null, "CrmStorage__accountName")]
    [InlineData("UseDevelopmentStorage=true", "crmprodst", null, "CrmStorage and CrmStorage__accountName are both set")]
    [InlineData(null, "Crm-Prod", null, "CrmStorage__accountName must be a storage account name")]
    [InlineData(null, "crmprodst", "not-a-guid", "CrmStorage__clientId must be the client id")]
    [InlineData("UseDevelopmentStorage=true", null, "6f1c2a9e-3b6d-4d8e-9a41-0c5b7e2f1d33", "CrmStorage__clientId is set without CrmStorage__accountName")]
    [InlineData("AccountName=crm;AccountKey=not base64!", null, null, "CrmStorage is not a usable storage connection string")]
    [InlineData("just some text", null, null, "CrmStorage is not a usable storage connection string")]
    public void A_missing_or_contradictory_setting_is_named(string? connectionString, string? accountName, string? clientId, string expected)
    {
        var settings = new StorageSettings { ConnectionString = connectionString, AccountName = accountName, ClientId = clientId };

        Assert.Contains(settings.Problems(), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_problem_never_repeats_the_account_key()
    {
        const string key = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
        var settings = new StorageSettings { ConnectionString = $"AccountKey={key};NoAccount=1" };

        Assert.NotEmpty(settings.Problems());
        Assert.DoesNotContain(settings.Problems(), p => p.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void An_account_name_reaches_the_account_of_that_name_over_https()
    {
        var services = StorageServices.Create(new StorageSettings { AccountName = "crmprodst" });

        Assert.Equal(new Uri("https://crmprodst.table.core.windows.net/"), services.Tables.Uri);
        Assert.Equal(new Uri("https://crmprodst.blob.core.windows.net/"), services.Blobs.Uri);
        Assert.Equal(new Uri("https://crmprodst.queue.core.windows.net/"), services.Queues.Uri);
    }

    [Fact]
    public void Settings_are_read_under_the_names_app_settings_give_them()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CrmStorage:accountName"] = "crmprodst",
                ["CrmStorage:clientId"] = "6f1c2a9e-3b6d-4d8e-9a41-0c5b7e2f1d33",
            })
            .Build();

        var settings = StorageSettings.From(configuration);

        Assert.Null(settings.ConnectionString);
        Assert.Equal("crmprodst", settings.AccountName);
        Assert.Equal("6f1c2a9e-3b6d-4d8e-9a41-0c5b7e2f1d33", settings.ClientId);
    }
}

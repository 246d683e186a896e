namespace CrmFunctions.Storage.Tests.Configuration;

public class ServiceBusSettingsTests
{
    [Fact]
    public void Functions_mode_without_a_namespace_is_refused_and_the_setting_named()
    {
        var settings = new ServiceBusSettings { Required = true };

        Assert.Contains(settings.Problems(), p => p.StartsWith("ServiceBusConnection__fullyQualifiedNamespace is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Standalone_mode_needs_no_namespace()
    {
        Assert.Empty(new ServiceBusSettings { Required = false }.Problems());
    }

    [Theory]
    [InlineData("Endpoint=sb://crm.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=y")]
    [InlineData("https://crm.servicebus.windows.net/")]
    [InlineData("crm")]
    public void A_namespace_that_is_not_a_host_name_is_named(string value)
    {
        var settings = new ServiceBusSettings { FullyQualifiedNamespace = value, Required = true };

        Assert.Contains(settings.Problems(), p => p.StartsWith("ServiceBusConnection__fullyQualifiedNamespace must be the namespace's host name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_id_must_be_a_guid_and_needs_a_namespace()
    {
        Assert.Contains(new ServiceBusSettings { FullyQualifiedNamespace = "crm.servicebus.windows.net", ClientId = "abc" }.Problems(),
            p => p.StartsWith("ServiceBusConnection__clientId must be", StringComparison.Ordinal));
        Assert.Contains(new ServiceBusSettings { ClientId = "6f1c2a9e-3b6d-4d8e-9a41-0c5b7e2f1d33" }.Problems(),
            p => p.StartsWith("ServiceBusConnection__clientId is set without", StringComparison.Ordinal));
        Assert.Empty(new ServiceBusSettings
        {
            FullyQualifiedNamespace = "crm-prod-sb.servicebus.windows.net", ClientId = "6f1c2a9e-3b6d-4d8e-9a41-0c5b7e2f1d33", Required = true,
        }.Problems());
    }
}

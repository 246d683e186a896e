using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

/// <summary>One Azurite for all integration tests of this assembly; each test works in its own tables, queues and containers.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

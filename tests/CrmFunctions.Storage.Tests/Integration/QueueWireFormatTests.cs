using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public class QueueWireFormatTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Message_text_travels_as_it_is_not_base64_so_queues_filled_before_stay_readable()
    {
        var queue = azurite.CreateServices().GetQueueClient(azurite.UniqueName("wire"));
        await queue.CreateIfNotExistsAsync();
        const string json = """{"familyName":"Müller <&> O'Neil","note":"ünïcødé ✓","ingestionId":"x"}""";

        await queue.SendMessageAsync(json);
        // Read as a raw REST client (or an older version of this app) would: the text itself, not base64 of it.
        var raw = await new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, queue.Name).PeekMessagesAsync(1);

        Assert.Equal(json, raw.Value[0].Body.ToString());
        Assert.Equal(json, (await queue.PeekAsync(1))[0].MessageText);
    }
}

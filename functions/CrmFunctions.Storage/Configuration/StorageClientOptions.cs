using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CrmFunctions.Storage;

/// <summary>The SDK options every storage client of the app is built with.</summary>
public static class StorageClientOptions
{
    public static TableClientOptions Tables() => Apply(new TableClientOptions());

    public static BlobClientOptions Blobs() => Apply(new BlobClientOptions());

    public static QueueClientOptions Queues() => Apply(new QueueClientOptions());

    public static T Apply<T>(T options) where T : ClientOptions
    {
        // Bodies hold guest data: never logged. Table URLs carry row keys, which the log filter keeps below Warning.
        options.Diagnostics.IsLoggingContentEnabled = false;
        // Message text goes as it is, not base64: the local trigger runner reads it back and the messages are JSON,
        // which XML carries escaped (the wire format the runner and every existing queue already hold).
        if (options is QueueClientOptions queues)
            queues.MessageEncoding = QueueMessageEncoding.None;
        return options;
    }
}

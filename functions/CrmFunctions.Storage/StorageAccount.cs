using Azure.Core;

namespace CrmFunctions.Storage;

/// <summary>
/// Endpoints of one storage account and the credential used to reach them.
/// The account key never leaves this assembly and is never printed.
/// </summary>
public sealed class StorageAccount
{
    /// <summary>Name and key of the account every local emulator (Azurite) ships with.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageAccount(string accountName, Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint,
        SharedKeyCredential? sharedKey, TokenCredential? tokenCredential)
    {
        AccountName = accountName;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        TableEndpoint = tableEndpoint;
        SharedKey = sharedKey;
        TokenCredential = tokenCredential;
    }

    public string AccountName { get; }
    public Uri BlobEndpoint { get; }
    public Uri QueueEndpoint { get; }
    public Uri TableEndpoint { get; }

    /// <summary>True when requests are signed with the account key, false when they carry a bearer token.</summary>
    public bool UsesSharedKey => SharedKey is not null;

    internal SharedKeyCredential? SharedKey { get; }
    internal TokenCredential? TokenCredential { get; }

    /// <summary>
    /// Parses <c>UseDevelopmentStorage=true</c>, explicit <c>BlobEndpoint=…;QueueEndpoint=…;TableEndpoint=…;AccountName=…;AccountKey=…</c>
    /// and <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=…</c>.
    /// </summary>
    /// <exception cref="FormatException">The string is malformed; the message never repeats the key.</exception>
    public static StorageAccount Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = ParseSettings(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            if (settings.ContainsKey("DevelopmentStorageProxyUri"))
            {
                throw new FormatException("DevelopmentStorageProxyUri is not supported; give explicit endpoints instead.");
            }
            return new StorageAccount(
                DevelopmentAccountName,
                new Uri("http://127.0.0.1:10000/" + DevelopmentAccountName),
                new Uri("http://127.0.0.1:10001/" + DevelopmentAccountName),
                new Uri("http://127.0.0.1:10002/" + DevelopmentAccountName),
                new SharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
                null);
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("Connection strings with a SharedAccessSignature are not supported; use an account key or a managed identity.");
        }
        if (!settings.TryGetValue("AccountName", out var accountName) || string.IsNullOrWhiteSpace(accountName))
        {
            throw new FormatException("The storage connection string has no AccountName.");
        }
        if (!settings.TryGetValue("AccountKey", out var accountKey) || string.IsNullOrWhiteSpace(accountKey))
        {
            throw new FormatException("The storage connection string has no AccountKey.");
        }
        if (!IsBase64(accountKey))
        {
            throw new FormatException("The AccountKey of the storage connection string is not valid base64.");
        }

        var protocol = settings.TryGetValue("DefaultEndpointsProtocol", out var p) ? p.ToLowerInvariant() : "https";
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException("DefaultEndpointsProtocol must be http or https.");
        }
        var suffix = settings.TryGetValue("EndpointSuffix", out var s) && s.Length > 0 ? s : "core.windows.net";

        return new StorageAccount(
            accountName,
            Endpoint(settings, "BlobEndpoint", protocol, accountName, "blob", suffix),
            Endpoint(settings, "QueueEndpoint", protocol, accountName, "queue", suffix),
            Endpoint(settings, "TableEndpoint", protocol, accountName, "table", suffix),
            new SharedKeyCredential(accountName, accountKey),
            null);
    }

    /// <summary>An account reached with Microsoft Entra tokens (managed identity in Azure).</summary>
    public static StorageAccount FromTokenCredential(string accountName, TokenCredential credential, string endpointSuffix = "core.windows.net")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointSuffix);
        return new StorageAccount(
            accountName,
            new Uri($"https://{accountName}.blob.{endpointSuffix}"),
            new Uri($"https://{accountName}.queue.{endpointSuffix}"),
            new Uri($"https://{accountName}.table.{endpointSuffix}"),
            null,
            credential);
    }

    public override string ToString() =>
        $"StorageAccount {AccountName} (blob {BlobEndpoint}, queue {QueueEndpoint}, table {TableEndpoint}, {(UsesSharedKey ? "shared key" : "token")})";

    private static Dictionary<string, string> ParseSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: keys end with base64 padding.
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException("The storage connection string has a setting without a name=value pair.");
            }
            settings[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        if (settings.Count == 0)
        {
            throw new FormatException("The storage connection string is empty.");
        }
        return settings;
    }

    private static Uri Endpoint(Dictionary<string, string> settings, string name, string protocol, string account, string service, string suffix)
    {
        if (settings.TryGetValue(name, out var explicitEndpoint) && explicitEndpoint.Length > 0)
        {
            if (!Uri.TryCreate(explicitEndpoint.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"{name} of the storage connection string is not an absolute http(s) URL.");
            }
            return uri;
        }
        return new Uri($"{protocol}://{account}.{service}.{suffix}");
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}

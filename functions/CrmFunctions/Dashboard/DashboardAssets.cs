using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace CrmFunctions.Dashboard;

/// <summary>
/// The dashboard's page and assets, embedded in the app's assembly so that every way of shipping the app
/// (dotnet run, publish, the Functions package) carries them, and nothing is fetched from a CDN.
/// </summary>
public sealed class DashboardAssets
{
    private const string Prefix = "CrmFunctions.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        _assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
    }

    public sealed record Asset(string Name, string ContentType, byte[] Content, string ETag);

    public IEnumerable<string> Names => _assets.Keys;

    public Asset? Find(string name) => _assets.GetValueOrDefault(name);

    public Asset Page => _assets["index.html"];

    private static Asset Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var name = resource[Prefix.Length..];
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        return new Asset(name, type, content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
    }
}

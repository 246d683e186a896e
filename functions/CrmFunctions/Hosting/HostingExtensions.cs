using System.Net;

namespace CrmFunctions.Hosting;

public static class HostingExtensions
{
    /// <summary>
    /// Functions mode listens on 127.0.0.1:{FUNCTIONS_CUSTOMHANDLER_PORT} only (the host calls nothing else,
    /// and an inherited ASPNETCORE_URLS must not win); standalone listens on http://localhost:7071 unless --urls says otherwise.
    /// </summary>
    public static WebApplicationBuilder ConfigureCrmHosting(this WebApplicationBuilder builder, HostingMode mode)
    {
        builder.Services.AddSingleton(mode);
        if (mode.IsFunctionsHost)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, mode.CustomHandlerPort!.Value));
        }
        else
        {
            LocalSettings.AddTo(builder.Configuration, Directory.GetCurrentDirectory());
            if (string.IsNullOrEmpty(builder.Configuration["urls"]))
                builder.WebHost.UseUrls($"http://localhost:{HostingMode.StandalonePort}");
        }
        return builder;
    }
}

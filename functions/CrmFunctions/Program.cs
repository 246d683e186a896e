using CrmFunctions;
using CrmFunctions.Hosting;

if (CommandLine.IsCommand(args))
    return await CommandLine.RunAsync(args);

var mode = HostingMode.Detect(Environment.GetEnvironmentVariable);
var builder = WebApplication.CreateBuilder(args);
builder.ConfigureCrmHosting(mode);
builder.Services.AddCrmFunctions(builder.Configuration, mode);

var app = builder.Build();
app.MapCrmFunctions();
try
{
    await app.RunAsync();
}
catch (Exception e) when (SettingsFailures.Of(e) is { Count: > 0 } failures)
{
    // Settings are checked before anything listens: a missing or contradictory one stops the handler here, named,
    // rather than answering 500 to the first request. In Functions mode the host logs stderr as errors. The failure
    // still ends the process as a failed start (and reaches a test host that started the app the same way).
    await Console.Error.WriteLineAsync("Configuration error: " + string.Join(Environment.NewLine, failures));
    throw;
}
return 0;

/// <summary>Entry point type, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

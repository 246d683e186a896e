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
await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

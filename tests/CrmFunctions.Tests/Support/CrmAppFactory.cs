using CrmFunctions.Hosting;
using CrmFunctions.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CrmFunctions.Tests.Support;

/// <summary>
/// The real app over real HTTP (TestServer) against a real Azurite, in standalone mode.
/// Tests can add functions to the registry and turn the local trigger runner on or off.
/// </summary>
public sealed class CrmAppFactory(AzuriteFixture azurite) : WebApplicationFactory<Program>
{
    public const string SurveysSecret = "test-surveys-secret";
    public const string TypeformSecret = "test-typeform-secret";
    public const string InteractionsSecret = "test-interactions-secret";
    public const string CampaignEventsSecret = "test-campaign-events-secret";
    public const string BrevoSecret = "test-brevo-secret";
    public const string StaffSecret = "test-staff-secret";
    /// <summary>Secret of the guest keys (Privacy__KeySecret): 32 characters or more.</summary>
    public const string GuestKeySecret = "test-guest-key-secret-0123456789abcdef";

    public List<FunctionDefinition> ExtraFunctions { get; } = [];

    /// <summary>
    /// Functions left out of the registry. Campaign dispatch by default: most tests read what the pipeline puts on
    /// campaign-triggers, and dispatch would take it off the queue. Dispatch tests clear this.
    /// </summary>
    public HashSet<string> ExcludedFunctions { get; } = ["DispatchCampaignTrigger"];

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Runner:Enabled"] = "false",
        ["Runner:MaxAttempts"] = "3",
        ["Runner:RetryDelaySeconds"] = "0.2",
        ["Runner:MaxPollIntervalMilliseconds"] = "100",
        ["Runner:VisibilityTimeoutSeconds"] = "5",
    };

    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>
    /// The runner on, one message at a time per queue, French numbers by default. Two first sightings of one guest
    /// processed at the same instant would both start a golden record (see the pipeline docs): tests that check what
    /// the pipeline decides, not that race, take their messages in order.
    /// </summary>
    public static void RunPipelineInOrder(CrmAppFactory factory)
    {
        factory.Settings["Runner:Enabled"] = "true";
        factory.Settings["Runner:Concurrency"] = "1";
        factory.Settings["Pipeline:DefaultCountry"] = "FR";
    }

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("CrmStorage", azurite.ConnectionString);
        builder.UseSetting("Webhooks:Secrets:surveys", SurveysSecret);
        builder.UseSetting("Webhooks:Secrets:typeform", TypeformSecret);
        builder.UseSetting("Webhooks:Secrets:interactions", InteractionsSecret);
        builder.UseSetting("Webhooks:Secrets:campaign_events", CampaignEventsSecret); // Webhooks__Secrets__campaign_events in Azure
        builder.UseSetting("Webhooks:Secrets:brevo", BrevoSecret);
        builder.UseSetting("Webhooks:Secrets:staff", StaffSecret);
        builder.UseSetting("Privacy:KeySecret", GuestKeySecret);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            if (ExtraFunctions.Count > 0 || ExcludedFunctions.Count > 0)
            {
                services.RemoveAll<FunctionRegistry>();
                services.AddSingleton(new FunctionRegistry(FunctionCatalog.All.Where(f => !ExcludedFunctions.Contains(f.Name)).Concat(ExtraFunctions)));
                foreach (var function in ExtraFunctions.Where(f => f.HandlerType is not null))
                    services.TryAddScoped(function.HandlerType!);
            }
            ConfigureServices?.Invoke(services);
        });
    }
}

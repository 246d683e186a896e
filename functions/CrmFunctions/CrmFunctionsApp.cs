using CrmFunctions.Barometers;
using CrmFunctions.Campaigns;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Dashboard;
using CrmFunctions.Hosting;
using CrmFunctions.Ingest;
using CrmFunctions.Messaging;
using CrmFunctions.Pipeline;
using CrmFunctions.Privacy;
using CrmFunctions.Runner;
using CrmFunctions.Storage;
using Microsoft.Extensions.Options;

namespace CrmFunctions;

public static class CrmFunctionsApp
{
    public static IServiceCollection AddCrmFunctions(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        services.AddSingleton(TimeProvider.System);
        // The Azure SDKs log each request's URL at Information, and table URLs carry row keys (blocking keys hold
        // normalized e-mails): only their warnings and errors reach the logs. Azure.Core also warns of every 4xx
        // answer, and this app expects them (a 404 on a look-up, a 409 or 412 on a conditional write that lost a
        // race and is retried): the app logs the failures that matter itself.
        services.AddLogging(logging => logging.AddFilter("Azure", LogLevel.Warning).AddFilter("Azure.Core", LogLevel.Error));
        services.AddProblemDetails();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CrmFunctions API";
            document.Info.Description = "Guest contacts and post-stay surveys in; golden records and barometers out.";
            return Task.CompletedTask;
        }));
        services.AddSingleton(new FunctionRegistry(FunctionCatalog.All));
        services.AddSingleton<FunctionInvoker>();
        services.AddCrmStorage(configuration);
        services.AddPipeline(configuration);
        services.AddGuestKeys(configuration);
        services.AddQueueSender(configuration, mode);

        services.Configure<IntakeOptions>(configuration.GetSection("Intake"));
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection("Webhooks")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookSecretNames>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<WebhookVerifier>();
        services.AddBarometers(configuration);
        services.AddPrivacy(mode);
        services.AddRetention(configuration);
        services.AddCampaigns(configuration);

        services.AddSingleton<DashboardAssets>();

        services.Configure<RunnerOptions>(configuration.GetSection("Runner"));
        services.AddSingleton<OutputRouter>();
        if (!mode.IsFunctionsHost)
        {
            services.AddHostedService<StorageBootstrapper>();
            services.AddHostedService<LocalTriggerRunner>();
            services.AddHostedService<StartupBanner>();
        }
        return services;
    }

    public static WebApplication MapCrmFunctions(this WebApplication app)
    {
        // Read now, so a bad barometer setting stops the app at start-up, named, and not its first refresh.
        app.Services.GetRequiredService<BarometerSettings>();
        // Errors the framework raises itself (415 from content negotiation, 404, 405, unhandled exceptions)
        // also answer application/problem+json, never an empty body or a stack trace.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The host polls GET / until anything answers: answer at once, before storage is touched.
        app.MapGet("/", () => TypedResults.Ok(new { name = "CrmFunctions", status = "ready" })).ExcludeFromDescription();
        app.MapOpenApi("/api/openapi/{documentName}.json");
        app.MapContactsApi();
        app.MapSurveysApi();
        app.MapInteractionsApi();
        app.MapCampaignEventsApi();
        app.MapStaffAssessmentsApi();
        app.MapIngestionsApi();
        app.MapBarometers();
        app.MapDuplicateReview();
        app.MapPrivacyApi();
        app.MapCampaignsApi();
        app.MapDashboardApi();
        app.MapFunctionInvocations(app.Services.GetRequiredService<FunctionRegistry>());
        return app;
    }
}

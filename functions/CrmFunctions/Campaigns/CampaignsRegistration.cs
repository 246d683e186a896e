using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Campaigns;

public static class CampaignsRegistration
{
    /// <summary>Dispatch of campaign triggers to Brevo or the outbound webhook, and the sent-log.</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CampaignsOptions>().Bind(configuration.GetSection("Campaigns")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CampaignsOptions>>(new SettingsValidator<CampaignsOptions>(o => o.Problems()));
        services.AddHttpClient(BrevoSender.ClientName);
        services.AddHttpClient(WebhookSender.ClientName);
        services.AddHttpClient(ManagerAlerts.ManagerAlertDispatcher.WebhookClientName);
        services.AddSingleton(sp => new SentLog(sp.GetRequiredService<StorageServices>().GetTableClient(TableNames.CampaignSends)));
        services.AddSingleton<DestinationPauses>();
        services.AddSingleton<UnsentAnswers>();
        services.AddSingleton<ICampaignSender, BrevoSender>();
        services.AddSingleton<ICampaignSender, WebhookSender>();
        services.AddSingleton<CampaignDispatcher>();
        services.AddSingleton<ManagerAlerts.ManagerAlertDispatcher>();
        services.AddScoped<DispatchCampaignTriggerHandler>();
        return services;
    }
}

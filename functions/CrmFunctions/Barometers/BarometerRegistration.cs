using CrmFunctions.Pipeline;

namespace CrmFunctions.Barometers;

public static class BarometerRegistration
{
    public static IServiceCollection AddBarometers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => BarometerConfiguration.Read(configuration));
        services.AddSingleton<FactFeed>();
        services.AddSingleton<BarometerLedger>();
        services.AddSingleton<BarometerStore>();
        // Revenue in the reporting currency with the enrichment's rates, so the guest profile and these figures agree.
        var stays = EnrichmentConfiguration.Read(configuration).Stays;
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CustomerBaseSnapshots>(sp, stays));
        services.AddSingleton<BarometerRefresher>();
        services.AddScoped<RefreshBarometersFunction>();
        return services;
    }
}

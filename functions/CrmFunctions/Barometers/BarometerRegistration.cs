namespace CrmFunctions.Barometers;

public static class BarometerRegistration
{
    public static IServiceCollection AddBarometers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => BarometerConfiguration.Read(configuration));
        services.AddSingleton<FactFeed>();
        services.AddSingleton<BarometerLedger>();
        services.AddSingleton<BarometerStore>();
        services.AddSingleton<CustomerBaseSnapshots>();
        services.AddSingleton<BarometerRefresher>();
        services.AddScoped<RefreshBarometersFunction>();
        return services;
    }
}

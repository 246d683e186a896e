using Microsoft.Extensions.Options;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

public static class RetentionRegistration
{
    /// <summary>The retention settings, checked at start-up, and the sweep behind the ApplyRetention timer.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>()
            .Configure(options => RetentionOptions.Read(configuration, options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>>(new SettingsValidator<RetentionOptions>(o => o.Problems()));
        services.AddSingleton<FactRetention>();
        services.AddSingleton<RetentionSweeper>();
        services.AddScoped<ApplyRetentionFunction>();
        return services;
    }
}

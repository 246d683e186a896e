using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using CrmFunctions.Storage;

namespace CrmFunctions.Privacy;

public static class PrivacyRegistration
{
    /// <summary>Access, erasure, suppression and the privacy audit log.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, HostingMode mode)
    {
        services.AddSingleton(sp => new Suppressions(Table(sp, TableNames.PrivacySuppressions), sp.GetRequiredService<GuestKeyer>()));
        services.AddSingleton(sp => new PrivacyLog(Table(sp, TableNames.PrivacyLog)));
        services.AddSingleton<ArrivalGate>();
        services.AddSingleton<GuestFinder>();
        services.AddSingleton<GuestExport>();
        services.AddSingleton<GuestEraser>();
        if (mode.IsFunctionsHost) services.AddSingleton<IQueueSweeper, DropOnArrival>();
        else services.AddSingleton<IQueueSweeper, StorageQueueSweeper>();
        services.AddScoped<EraseGuestHandler>();
        return services;
    }

    private static TableClient Table(IServiceProvider services, string name) =>
        services.GetRequiredService<StorageServices>().GetTableClient(name);
}

using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Pipeline;

public static class PipelineRegistration
{
    /// <summary>The stores of the data-quality pipeline on Table Storage, the matcher and the stage handlers.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PipelineOptions>(configuration.GetSection("Pipeline"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new GoldenRecordStore(Table(sp, TableNames.Contacts)));
        services.AddSingleton(sp => new SourceRecordMap(Table(sp, TableNames.ContactSources)));
        services.AddSingleton(sp => new MergeLog(Table(sp, TableNames.Contacts)));
        services.AddSingleton(sp => new DuplicateReviews(Table(sp, TableNames.DuplicateReview)));
        services.AddSingleton(sp => new TableMatchIndex(Table(sp, TableNames.MatchIndex),
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value.MaxBlockSize));
        services.AddSingleton<IMatchIndex>(sp => sp.GetRequiredService<TableMatchIndex>());
        services.AddSingleton(_ => new Survivorship());
        services.AddSingleton(sp => new IncrementalMatcher(
            sp.GetRequiredService<IMatchIndex>(),
            sp.GetRequiredService<GoldenRecordStore>(),
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value.Model()));
        services.AddSingleton<GoldenRecordMerger>();
        services.AddSingleton<Deduplicator>();
        services.AddSingleton(sp => new ContactProfiles(Table(sp, TableNames.Contacts), Table(sp, TableNames.Surveys)));
        services.AddSingleton<GuestProfileRefresher>();
        services.AddSingleton<GoldenRecordEditor>();
        // Built once: the comment lexicon and the time zones are prepared in its constructor.
        services.AddSingleton(_ => new ContactEnricher(EnrichmentConfiguration.Read(configuration)));
        services.AddScoped<NormalizeContactHandler>();
        services.AddScoped<DeduplicateContactHandler>();
        services.AddScoped<EnrichContactHandler>();
        return services;
    }

    private static TableClient Table(IServiceProvider services, string name) =>
        services.GetRequiredService<StorageServices>().GetTableClient(name);
}

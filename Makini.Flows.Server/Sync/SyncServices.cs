using Makini.Flows.Server.Queue;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Sync;

public static class SyncServices
{
    /// <summary>Each connection's recurring sync through the durable queue, and what a sync uses.</summary>
    public static IServiceCollection AddMakiniSync(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        var section = configuration.GetSection(SyncOptions.Section);
        (section.Get<SyncOptions>() ?? new SyncOptions()).EnsureValid();
        services.Configure<SyncOptions>(section);
        services.AddSingleton<SyncSchedule>();
        services.AddSingleton<SyncEvents>();
        services.AddScoped<ConnectionSync>();
        services.AddSingleton<SyncForFlows>();
        services.AddSingleton<Records.RecordsForFlows>();
        services.AddSingleton<Activities.Data.IConnectionData, ConnectionDataForFlows>();
        services.AddWorkHandler<SyncWorkHandler>(
            WorkKinds.ConnectionSync,
            provider => provider.GetRequiredService<IOptions<SyncOptions>>().Value.Parallelism
        );
        services.AddWorkHandler<SyncWorkHandler>(
            WorkKinds.ConnectionFirstSync,
            provider =>
                provider.GetRequiredService<IOptions<SyncOptions>>().Value.FirstSyncParallelism
        );
        return services;
    }
}

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// A background service that deletes what has outlived its retention: once at start, then every hour. A sweep
/// that fails is logged and tried again at the next hour. Every node sweeps; the deletes are idempotent.
/// </summary>
public abstract class PeriodicSweep(IServiceScopeFactory scopes, TimeProvider time, ILogger logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>What is deleted, for the log: "done queue items", say.</summary>
    protected abstract string Swept { get; }

    /// <summary>Deletes what is past retention at <paramref name="now"/> (UTC); returns how many rows.</summary>
    protected abstract Task<int> DeleteAsync(
        FlowsDbContext db,
        DateTime now,
        CancellationToken cancellationToken
    );

    /// <summary>Sweeps now; returns how many rows were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await DeleteAsync(
            scope.ServiceProvider.GetRequiredService<FlowsDbContext>(),
            time.GetUtcNow().UtcDateTime,
            cancellationToken
        );
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                if (deleted > 0)
                    logger.LogInformation("Deleted {Count} {Swept}", deleted, Swept);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The retention sweep of {Swept} failed", Swept);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class PeriodicSweepServiceCollectionExtensions
{
    /// <summary>Runs the sweep in the background; also resolvable by its type, to sweep on demand.</summary>
    public static IServiceCollection AddPeriodicSweep<TSweep>(this IServiceCollection services)
        where TSweep : PeriodicSweep
    {
        services.AddSingleton<TSweep>();
        services.AddHostedService(provider => provider.GetRequiredService<TSweep>());
        return services;
    }
}

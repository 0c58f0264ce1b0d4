using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// Keeps every connection that is not disabled in the probe schedule, at start and then hourly: queues a probe
/// for connections that have no item (stored by an older server, imported into the database, or whose item an
/// operator deleted) and puts back in the queue probe items that went dead (a probe that failed inside the server
/// five times in a row: probing again later is harmless). Works a page at a time; several nodes doing it at once
/// is safe (the dedup key refuses a second item).
/// </summary>
public sealed class ProbeReconciler(
    IServiceScopeFactory scopes,
    ConnectionProbes probes,
    TimeProvider time,
    ILogger<ProbeReconciler> logger
) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int PageSize = 500;

    /// <summary>Reconciles now; returns how many probes it queued.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var queued = await db
            .WorkItems.Where(w =>
                w.Kind == WorkKinds.ConnectionProbe && w.Status == WorkStatus.Dead
            )
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(w => w.Status, WorkStatus.Queued)
                        .SetProperty(w => w.Attempts, 0)
                        .SetProperty(w => w.AvailableAt, now)
                        .SetProperty(w => w.UpdatedAt, now),
                cancellationToken
            );
        var refusedPages = 0;
        while (true)
        {
            var missing = await db
                .Connections.Where(c =>
                    c.Status != ConnectionStatuses.Disabled
                    && !db.WorkItems.Any(w => w.DedupKey == "probe:" + c.Id)
                )
                .OrderBy(c => c.Id)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (missing.Count == 0)
                return queued;
            foreach (var connection in missing)
                probes.Add(db, connection);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                queued += missing.Count;
            }
            catch (DbUpdateException) when (++refusedPages <= 3)
            {
                // Another node queued some of them first: take the page again without them.
            }
            db.ChangeTracker.Clear();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var queued = await ReconcileAsync(stoppingToken);
                if (queued > 0)
                    logger.LogInformation("Queued the probes of {Count} connection(s)", queued);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Scheduling the connections' probes failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

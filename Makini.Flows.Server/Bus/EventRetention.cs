using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Bus;

/// <summary>
/// Deletes events published more than <see cref="EventOptions.KeepEvents"/> ago whose dispatch is over: its queue
/// item is done (or already swept away as done). An event whose dispatch is queued, leased or dead stays, so the
/// dispatch, or an operator's retry of it, still finds the event. Sweeps at start and then every hour. The runs
/// an event started are kept; they only lose the event that <c>GET /api/events/{id}</c> showed with them.
/// </summary>
public sealed class EventRetention(
    IServiceScopeFactory scopes,
    IOptions<EventOptions> options,
    TimeProvider time,
    ILogger<EventRetention> logger
) : PeriodicSweep(scopes, time, logger)
{
    protected override string Swept => "dispatched events";

    protected override Task<int> DeleteAsync(
        FlowsDbContext db,
        DateTime now,
        CancellationToken cancellationToken
    )
    {
        var cutoff = now - options.Value.KeepEvents;
        return db
            .Events.Where(e =>
                e.CreatedAt < cutoff
                && !db.WorkItems.Any(w =>
                    w.DedupKey == EventBus.DispatchKeyPrefix + e.Id && w.Status != WorkStatus.Done
                )
            )
            .ExecuteDeleteAsync(cancellationToken);
    }
}

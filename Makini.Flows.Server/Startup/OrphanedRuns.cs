using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Startup;

/// <summary>
/// Every Running run is executed under a live queue item (queued, or leased to the node executing it), so a
/// crash cannot strand it. Runs stored by versions that executed API-started runs without one have none: at
/// start they are queued, and continue from their last checkpoint like any interrupted run.
/// </summary>
public static class OrphanedRuns
{
    public static async Task<int> QueueAsync(
        FlowsDbContext db,
        WorkQueue queue,
        CancellationToken cancellationToken
    )
    {
        var orphans = await db
            .Runs.Where(r =>
                r.Status == nameof(RunStatus.Running)
                && !db.WorkItems.Any(w =>
                    w.Payload == r.Id
                    && (w.Kind == WorkKinds.Run || w.Kind == WorkKinds.ScheduleTurn)
                    && (w.Status == WorkStatus.Queued || w.Status == WorkStatus.Leased)
                )
            )
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        foreach (var runId in orphans)
            queue.Enqueue(db, WorkKinds.Run, runId);
        await db.SaveChangesAsync(cancellationToken);
        return orphans.Count;
    }
}

using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// Runs of a schedule with <c>overlap = queue</c> wait their turn: a stored, not yet executed run is handed to the
/// <c>run</c> queue once no earlier run of the same flow and schedule is running or suspended; until then the check
/// is queued again a little later. Waiting runs count as unfinished themselves, so they go in the order they fired.
/// </summary>
public sealed class ScheduleTurnHandler(FlowsDbContext db, WorkQueue queue, TimeProvider time)
    : IWorkHandler
{
    private static readonly TimeSpan CheckAgainAfter = TimeSpan.FromSeconds(2);

    public async Task HandleAsync(WorkItemRecord item, CancellationToken cancellationToken)
    {
        var run = await db
            .Runs.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == item.Payload, cancellationToken);
        if (run is null || run.Status != nameof(RunStatus.Running))
            return;
        var earlierUnfinished = await db.Runs.AnyAsync(
            r =>
                r.FlowId == run.FlowId
                && r.Trigger == run.Trigger
                && r.Id != run.Id
                && (
                    r.CreatedAt < run.CreatedAt
                    || (r.CreatedAt == run.CreatedAt && string.Compare(r.Id, run.Id) < 0)
                )
                && (
                    r.Status == nameof(RunStatus.Running) || r.Status == nameof(RunStatus.Suspended)
                ),
            cancellationToken
        );
        if (earlierUnfinished)
            queue.Enqueue(
                db,
                WorkKinds.ScheduleTurn,
                run.Id,
                availableAt: time.GetUtcNow().UtcDateTime + CheckAgainAfter
            );
        else
            await queue.EnqueueOnceAsync(
                db,
                WorkKinds.Run,
                run.Id,
                $"turn:{run.Id}",
                null,
                cancellationToken
            );
        await db.SaveChangesAsync(cancellationToken);
        if (!earlierUnfinished)
            queue.Signal();
    }
}

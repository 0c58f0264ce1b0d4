using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Sync;

/// <summary>
/// A turn of a connection's recurring sync item: syncs the connection when it is online (or continues the sync a
/// crash interrupted), then puts the item back for the connection's next slot, or sooner after a failure (with
/// backoff). A connection that is offline, needs new credentials or is disabled is not synced: its turn passes
/// until the probe (or a person) brings it back online. The queue's lease keeps one node on a connection at a
/// time and is renewed while the sync runs; when a node dies, another takes the item over once the lease runs out.
/// </summary>
public sealed class SyncWorkHandler(
    FlowsDbContext db,
    ConnectionSync sync,
    SyncSchedule schedule,
    IOptions<SyncOptions> options,
    WorkQueue queue,
    TimeProvider time
) : IWorkHandler
{
    public async Task HandleAsync(WorkItemRecord item, CancellationToken cancellationToken)
    {
        var connectionId = item.Payload;
        var connection = await db
            .Connections.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == connectionId, cancellationToken);
        var state = await db.ConnectionSyncs.FirstOrDefaultAsync(
            s => s.ConnectionId == connectionId,
            cancellationToken
        );
        if (connection is null || state is null)
            return; // deleted: the item is done and not queued again
        var asked =
            state.RequestedAt is not null && connection.Status != ConnectionStatuses.Disabled;
        if (
            connection.Status == ConnectionStatuses.Online
            || state.CheckpointJson is not null
            || asked
        )
        {
            var trigger = state.RequestedAt is not null ? "manual" : "schedule";
            var failure = await sync.RunAsync(connection, state, trigger, cancellationToken);
            if (await AskedDuringTheSyncAsync(connectionId, cancellationToken))
            {
                state.State = SyncStates.Queued;
                state.NextRunAt = time.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(cancellationToken);
                await JoinTheScheduleAsync(item, state, cancellationToken);
                throw new SyncRescheduled(TimeSpan.Zero);
            }
            if (failure is not null && options.Value.Scheduled)
            {
                await JoinTheScheduleAsync(item, state, cancellationToken);
                throw new SyncRescheduled(Until(state.NextRunAt!.Value));
            }
        }
        if (!options.Value.Scheduled)
        {
            await JoinTheScheduleAsync(item, state, cancellationToken);
            await LeaveToManualSyncsAsync(state, cancellationToken);
            return;
        }
        var next = schedule.NextDue(connectionId, state.Interval, time.GetUtcNow().UtcDateTime);
        state.NextRunAt = next;
        if (state.State != SyncStates.Running)
            state.State = SyncStates.Idle;
        await db.SaveChangesAsync(cancellationToken);
        await JoinTheScheduleAsync(item, state, cancellationToken);
        throw new SyncRescheduled(Until(next));
    }

    /// <summary>Without scheduled syncs, the item is done after the sync asked for; the next request queues it again.</summary>
    private async Task LeaveToManualSyncsAsync(
        ConnectionSyncRecord state,
        CancellationToken cancellationToken
    )
    {
        state.NextRunAt = null;
        if (state.State != SyncStates.Running)
            state.State = SyncStates.Idle;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A new connection's item becomes a recurring one once a sync of the connection succeeded; until then (a
    /// first sync that failed, an offline connection) it stays with the first syncs.
    /// </summary>
    private async Task JoinTheScheduleAsync(
        WorkItemRecord item,
        ConnectionSyncRecord state,
        CancellationToken cancellationToken
    )
    {
        if (item.Kind != WorkKinds.ConnectionFirstSync || state.LastSuccessAt is null)
            return;
        await db
            .WorkItems.Where(w =>
                w.Id == item.Id && w.LeasedBy == queue.NodeId && w.Status == WorkStatus.Leased
            )
            .ExecuteUpdateAsync(
                set => set.SetProperty(w => w.Kind, WorkKinds.ConnectionSync),
                cancellationToken
            );
    }

    /// <summary>
    /// Whether someone asked for a sync while this one ran (the request was stored by another unit of work, so it
    /// is read afresh): it runs next, rather than at the next slot.
    /// </summary>
    private Task<bool> AskedDuringTheSyncAsync(
        string connectionId,
        CancellationToken cancellationToken
    ) =>
        db
            .ConnectionSyncs.AsNoTracking()
            .AnyAsync(
                s => s.ConnectionId == connectionId && s.RequestedAt != null,
                cancellationToken
            );

    private TimeSpan Until(DateTime due)
    {
        var wait = due - time.GetUtcNow().UtcDateTime;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }
}

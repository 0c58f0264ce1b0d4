using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Sync;

/// <summary>
/// Each connection's recurring sync is one durable queue item (dedup key <c>sync:{id}</c>), due at the connection's
/// slot of its interval (spread by a hash of its id) and queued again for the next slot after each sync. The queue
/// is the schedule: due items are claimed by whichever node is free, one holder at a time, so a connection never
/// syncs twice at once and 10,000 connections need no timer each. A new connection's item is of its own kind
/// (<see cref="WorkKinds.ConnectionFirstSync"/>, its own pool of workers) until its first sync succeeds: first
/// syncs are due at once, so a burst of them would otherwise sort before every scheduled sync falling due meanwhile.
/// </summary>
public sealed class SyncSchedule(WorkQueue queue, IOptions<SyncOptions> options, TimeProvider time)
{
    public static string DedupKey(string connectionId) => "sync:" + connectionId;

    public DateTime NextDue(string connectionId, TimeSpan interval, DateTime after) =>
        SpreadSlots.Next(connectionId, interval, after);

    /// <summary>
    /// The sync state and queue item of a new connection, in the caller's unit of work: its first sync runs now
    /// (unless <see cref="SyncOptions.Scheduled"/> is off, which leaves it to manual syncs).
    /// </summary>
    public void Add(FlowsDbContext db, string connectionId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var scheduled = options.Value.Scheduled;
        db.ConnectionSyncs.Add(
            new ConnectionSyncRecord
            {
                ConnectionId = connectionId,
                Interval = options.Value.Interval,
                BackfillDays = options.Value.BackfillDays,
                State = scheduled ? SyncStates.Queued : SyncStates.Idle,
                NextRunAt = scheduled ? now : null,
                WatermarksJson = "{}",
            }
        );
        if (scheduled)
            queue.Enqueue(
                db,
                WorkKinds.ConnectionFirstSync,
                connectionId,
                DedupKey(connectionId),
                now
            );
    }

    /// <summary>
    /// Asks for a sync now (a full one if asked; of some entities, or all); a sync under way is left to finish, and
    /// the one asked for runs after it.
    /// </summary>
    public async Task RequestAsync(
        FlowsDbContext db,
        string connectionId,
        bool full,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? entities = null
    )
    {
        var now = time.GetUtcNow().UtcDateTime;
        var state = await db.ConnectionSyncs.FirstAsync(
            s => s.ConnectionId == connectionId,
            cancellationToken
        );
        state.FullRequested |= full;
        // Entities asked for add up until the sync starts; any request for all of them wins.
        if (state.RequestedAt is null || state.RequestedEntities is not null)
            state.RequestedEntities = entities is null
                ? null
                : string.Join(
                    ' ',
                    (state.RequestedEntities?.Split(' ') ?? []).Concat(entities).Distinct()
                );
        state.RequestedAt ??= now;
        var key = DedupKey(connectionId);
        var item = await db.WorkItems.FirstOrDefaultAsync(
            w => w.DedupKey == key,
            cancellationToken
        );
        if (item is null)
            queue.Enqueue(db, WorkKinds.ConnectionSync, connectionId, key, now);
        else if (item.Status != WorkStatus.Leased)
            item.RequeueFresh(now, now);
        if (state.State != SyncStates.Running)
        {
            state.State = SyncStates.Queued;
            state.NextRunAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        // The sync under way reads the request when it ends; if it ended meanwhile, the item is put back now.
        if (item?.Status == WorkStatus.Leased)
            await RequeueIfReleasedAsync(db, key, now, cancellationToken);
        queue.Signal();
    }

    private static async Task RequeueIfReleasedAsync(
        FlowsDbContext db,
        string key,
        DateTime now,
        CancellationToken cancellationToken
    ) =>
        await db
            .WorkItems.Where(w =>
                w.DedupKey == key && w.Status == WorkStatus.Queued && w.AvailableAt > now
            )
            .ExecuteUpdateAsync(set => set.SetProperty(w => w.AvailableAt, now), cancellationToken);

    public static async Task RemoveAsync(
        FlowsDbContext db,
        string connectionId,
        CancellationToken cancellationToken
    )
    {
        var key = DedupKey(connectionId);
        await db.WorkItems.Where(w => w.DedupKey == key).ExecuteDeleteAsync(cancellationToken);
        await db
            .ConnectionSyncs.Where(s => s.ConnectionId == connectionId)
            .ExecuteDeleteAsync(cancellationToken);
        await db
            .SyncRuns.Where(s => s.ConnectionId == connectionId)
            .ExecuteDeleteAsync(cancellationToken);
    }
}

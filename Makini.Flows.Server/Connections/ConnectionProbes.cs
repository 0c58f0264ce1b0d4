using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// The periodic probe of each connection that is not disabled: one durable queue item per connection (dedup key
/// <c>probe:{id}</c>), due once per <see cref="ConnectionOptions.ProbeInterval"/> at an offset within the interval
/// taken from a hash of the connection's id (half an interval away from its sync's), so that many connections are
/// spread evenly over the interval and each one keeps its own slot. After a probe the same item is queued again for
/// the next slot (it never becomes Done, so the queue holds one row per connection, not one per probe). Nothing
/// about a connection is held in memory: the queue is the schedule, and any node may work it.
/// </summary>
public sealed class ConnectionProbes(
    WorkQueue queue,
    IOptions<ConnectionOptions> options,
    TimeProvider time
)
{
    public static string DedupKey(string connectionId) => "probe:" + connectionId;

    /// <summary>
    /// The connection's next slot strictly after <paramref name="after"/>: half an interval after its sync slot
    /// when both intervals are the same (the default), so that a connection is never probed and synced at once.
    /// </summary>
    public DateTime NextDue(string connectionId, DateTime after)
    {
        var interval = options.Value.ProbeInterval;
        return SpreadSlots.Next(connectionId, interval, after, interval / 2);
    }

    /// <summary>Adds the probe item of a new connection to the caller's unit of work, and sets its next probe.</summary>
    public void Add(FlowsDbContext db, ConnectionRecord connection)
    {
        var due = NextDue(connection.Id, time.GetUtcNow().UtcDateTime);
        connection.NextProbeAt = due;
        queue.Enqueue(db, WorkKinds.ConnectionProbe, connection.Id, DedupKey(connection.Id), due);
    }

    /// <summary>
    /// Makes sure the connection has a queued probe at its next slot (after it was enabled): queues its item, or
    /// puts an existing one back in the queue; an item a node is working on is left to it (it queues it again).
    /// </summary>
    public async Task ScheduleAsync(
        FlowsDbContext db,
        string connectionId,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = NextDue(connectionId, now);
        var key = DedupKey(connectionId);
        var item = await db.WorkItems.FirstOrDefaultAsync(
            w => w.DedupKey == key,
            cancellationToken
        );
        if (item is null)
            queue.Enqueue(db, WorkKinds.ConnectionProbe, connectionId, key, due);
        else if (item.Status != WorkStatus.Leased)
            item.RequeueFresh(due, now);
        await db.SaveChangesAsync(cancellationToken);
        await db
            .Connections.Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.NextProbeAt, due), cancellationToken);
    }

    /// <summary>Removes the connection's probe item (disabled or deleted): it is probed no more.</summary>
    public static async Task RemoveAsync(
        FlowsDbContext db,
        string connectionId,
        CancellationToken cancellationToken
    )
    {
        var key = DedupKey(connectionId);
        await db.WorkItems.Where(w => w.DedupKey == key).ExecuteDeleteAsync(cancellationToken);
        await db
            .Connections.Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(
                set => set.SetProperty(c => c.NextProbeAt, (DateTime?)null),
                cancellationToken
            );
    }

    /// <summary>
    /// Queues again, for <paramref name="due"/>, an item this node holds; false when it no longer holds it (the
    /// connection was disabled or deleted meanwhile, which removed the item).
    /// </summary>
    public static async Task<bool> RequeueHeldAsync(
        FlowsDbContext db,
        WorkItemRecord item,
        string nodeId,
        DateTime due,
        DateTime now,
        CancellationToken cancellationToken
    ) =>
        await db
            .WorkItems.Where(w =>
                w.Id == item.Id && w.LeasedBy == nodeId && w.Status == WorkStatus.Leased
            )
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(w => w.Status, WorkStatus.Queued)
                        .SetProperty(w => w.Attempts, 0)
                        .SetProperty(w => w.AvailableAt, due)
                        .SetProperty(w => w.LeasedBy, (string?)null)
                        .SetProperty(w => w.LeaseUntil, (DateTime?)null)
                        .SetProperty(w => w.LastError, (string?)null)
                        .SetProperty(w => w.UpdatedAt, now),
                cancellationToken
            ) == 1;
}

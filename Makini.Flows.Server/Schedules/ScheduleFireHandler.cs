using Makini.Flows.Activities.Triggers;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// Fires the schedules whose items (<see cref="WorkKinds.ScheduleFire"/>) fell due, a batch at a time: the runs
/// of every fire in the batch and each item queued again for its next fire are stored in one transaction, so the
/// schedules due at the same instant cost a few round trips together rather than a transaction each. Each
/// schedule has one item, held by one node at a time, and a fire's run id comes from the fire, so several nodes
/// fire every fire once.
/// A fire claimed more than <see cref="MisfireThreshold"/> late (the server was down) is missed: with
/// <c>misfire = runOnce</c> the latest missed fire runs once, with <c>skip</c> none does. A schedule whose spec
/// changed since its fire was planned starts over from now, and one no longer published loses its item.
/// </summary>
public sealed class ScheduleFireHandler(
    FlowsDbContext db,
    PublishedSchedules schedules,
    ScheduleFirer firer,
    TimeProvider time,
    ILogger<ScheduleFireHandler> logger
) : IWorkBatchHandler
{
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    public async Task HandleBatchAsync(
        IReadOnlyList<WorkItemRecord> items,
        string nodeId,
        CancellationToken cancellationToken
    )
    {
        if (await TryFireAsync(items, nodeId, cancellationToken))
            return;
        // One fire stored meanwhile by another node, or one schedule removed meanwhile, refused the whole
        // batch: each fire alone then sees what changed.
        foreach (var item in items)
            if (!await TryFireAsync([item], nodeId, cancellationToken))
                throw new InvalidOperationException(
                    $"schedule item {item.Id} could not be fired nor queued again"
                );
    }

    /// <summary>False when the database refused the batch (it is then as it was).</summary>
    private async Task<bool> TryFireAsync(
        IReadOnlyList<WorkItemRecord> items,
        string nodeId,
        CancellationToken cancellationToken
    )
    {
        var ids = items.Select(i => i.Id).ToList();
        var held = await db
            .WorkItems.Where(w =>
                ids.Contains(w.Id) && w.LeasedBy == nodeId && w.Status == WorkStatus.Leased
            )
            .ToListAsync(cancellationToken);
        var planned = held.Select(record => (record, ScheduleItem.FromPayload(record.Payload)))
            .ToList();
        var published = await schedules.LoadAsync(
            planned.Select(p => p.Item2.FlowId),
            cancellationToken
        );
        var now = time.GetUtcNow().UtcDateTime;
        var fires = new List<ScheduleFire>();
        foreach (var (record, item) in planned)
        {
            if (!published.TryGetValue((item.FlowId, item.ActivityId), out var schedule))
            {
                db.WorkItems.Remove(record);
                continue;
            }
            var (fire, next) = Plan(item, schedule.Spec, now);
            if (fire is { } at)
                fires.Add(new ScheduleFire(item.FlowId, item.ActivityId, at));
            if (next is { } due)
                (item with { FireAt = due, Fingerprint = schedule.Spec.Fingerprint }).ApplyTo(
                    record,
                    now
                );
            else
                db.WorkItems.Remove(record);
        }
        var added = await firer.AddAsync(fires, published, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            db.ChangeTracker.Clear();
            logger.LogInformation(
                "A batch of {Count} schedule fires was refused ({Reason}); firing them one by one",
                items.Count,
                exception.InnerException?.Message ?? exception.Message
            );
            return false;
        }
        added.Saved();
        return true;
    }

    /// <summary>Which fire (if any) the item gives now, and the fire planned after it (null: none ever).</summary>
    private (DateTime? Fire, DateTime? Next) Plan(
        ScheduleItem item,
        ScheduleSpec spec,
        DateTime now
    )
    {
        if (item.Fingerprint != spec.Fingerprint)
            return (null, ScheduleTimes.First(spec, now));
        if (now - item.FireAt <= MisfireThreshold)
            return (item.FireAt, ScheduleTimes.Next(spec, item.FireAt));
        var latest = ScheduleTimes.LatestUpTo(spec, item.FireAt, now);
        var runOnce = spec.Misfire == ScheduleSpec.MisfireRunOnce;
        logger.LogInformation(
            "Schedule {ActivityId} of flow {FlowId} missed its fires from {Missed:O} to {Latest:O}: {Action}",
            item.ActivityId,
            item.FlowId,
            item.FireAt,
            latest,
            runOnce ? "the latest runs once" : "skipped"
        );
        return (runOnce ? latest : null, ScheduleTimes.Next(spec, latest));
    }
}

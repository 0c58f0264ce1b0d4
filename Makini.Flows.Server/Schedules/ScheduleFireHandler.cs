using Makini.Flows.Activities.Triggers;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// Fires the schedules whose items (<see cref="WorkKinds.ScheduleFire"/>) fall due, a batch at a time. Items are
/// claimed up to <see cref="ClaimAhead"/> before their fire and everything that can be read ahead is read then
/// (the items, the published flows, which fires already started a run); at each fire time of the batch, the runs
/// of the fires due then and their items queued again for their next fire are stored in one transaction. So the
/// schedules due at the same instant cost one commit together at that instant rather than a transaction each. Each
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

    /// <summary>How long before their fire items are claimed: more than the queue's poll interval and a batch's reads.</summary>
    public static readonly TimeSpan ClaimAhead = TimeSpan.FromSeconds(1);

    /// <summary>Batches in flight per node: those claimed ahead wait for their time in their slot.</summary>
    public const int Batches = 16;

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
        var planned = held.Select(record =>
                (Record: record, Item: ScheduleItem.FromPayload(record.Payload))
            )
            .ToList();
        var published = await schedules.LoadAsync(
            planned.Select(p => p.Item.FlowId),
            cancellationToken
        );
        var now = time.GetUtcNow().UtcDateTime;
        var plans = planned
            .Select(p => Plan(p.Record, p.Item, published, now))
            .OrderBy(p => p.Fire?.ScheduledAt ?? DateTime.MinValue)
            .ToList();
        var started = await firer.StartedAsync(
            plans.Where(p => p.Fire is not null).Select(p => p.Fire!),
            cancellationToken
        );
        foreach (var due in plans.GroupBy(p => p.Fire?.ScheduledAt ?? DateTime.MinValue))
        {
            await WaitUntilAsync(due.Key, cancellationToken);
            now = time.GetUtcNow().UtcDateTime;
            foreach (var plan in due)
                if (plan.Next is { } next)
                    next.ApplyTo(plan.Record, now);
                else
                    db.WorkItems.Remove(plan.Record);
            var added = await firer.AddAsync(
                [.. due.Where(p => p.Fire is not null).Select(p => p.Fire!)],
                published,
                started,
                cancellationToken
            );
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception)
            {
                db.ChangeTracker.Clear();
                logger.LogInformation(
                    "A batch of {Count} schedule fires was refused ({Reason}); firing them one by one",
                    due.Count(),
                    exception.InnerException?.Message ?? exception.Message
                );
                return false;
            }
            added.Saved();
        }
        return true;
    }

    private sealed record FirePlan(WorkItemRecord Record, ScheduleFire? Fire, ScheduleItem? Next);

    private async Task WaitUntilAsync(DateTime due, CancellationToken cancellationToken)
    {
        var wait = due - time.GetUtcNow().UtcDateTime;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, cancellationToken);
    }

    /// <summary>The item's fire (if any) and its next planned fire (none: no longer published, or never again).</summary>
    private FirePlan Plan(
        WorkItemRecord record,
        ScheduleItem item,
        Dictionary<(string FlowId, string ActivityId), PublishedSchedule> published,
        DateTime now
    )
    {
        if (!published.TryGetValue((item.FlowId, item.ActivityId), out var schedule))
            return new FirePlan(record, null, null);
        var (fire, next) = FireAndNext(item, schedule.Spec, now);
        return new FirePlan(
            record,
            fire is { } at ? new ScheduleFire(item.FlowId, item.ActivityId, at) : null,
            next is { } due
                ? item with
                {
                    FireAt = due,
                    Fingerprint = schedule.Spec.Fingerprint,
                }
                : null
        );
    }

    /// <summary>Which fire (if any) the item gives now, and the fire planned after it (null: none ever).</summary>
    private (DateTime? Fire, DateTime? Next) FireAndNext(
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

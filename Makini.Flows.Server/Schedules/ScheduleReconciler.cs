using Makini.Flows.Activities.Triggers;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// Keeps the schedule items on the durable queue (<see cref="WorkKinds.ScheduleFire"/>) equal to the ScheduleTriggers
/// of the published flows: one item per flow and trigger activity, due at its next fire. An item whose schedule did
/// not change is left alone, so republishing a flow keeps its next fire and a node starting does not disturb the
/// others; a changed schedule starts over from now, a dead item (its fires failed again and again) is queued
/// again, and the items of unpublished or deleted flows are removed. An item a node is firing is left to that
/// node, which queues it again with the schedule as published then. Several nodes may reconcile at once: the
/// dedup key refuses a second item for the same schedule, and the loser looks again.
/// </summary>
public sealed class ScheduleReconciler(
    IServiceScopeFactory scopes,
    WorkQueue queue,
    TimeProvider time,
    ILogger<ScheduleReconciler> logger
)
{
    private const int Attempts = 3;

    private readonly SemaphoreSlim _gate = new(1, 1);

    private sealed record Wanted(string FlowId, string ActivityId, ScheduleSpec Spec);

    public async Task ReconcileAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
                try
                {
                    await ReconcileOnceAsync(ct);
                    return;
                }
                catch (DbUpdateException) when (attempt < Attempts)
                {
                    // Another node queued, fired or removed some of the same schedules meanwhile.
                }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReconcileOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var wanted = await WantedAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (
            var record in await db
                .WorkItems.Where(w => w.Kind == WorkKinds.ScheduleFire)
                .ToListAsync(ct)
        )
        {
            if (!wanted.Remove(record.DedupKey ?? "", out var want))
            {
                db.WorkItems.Remove(record);
                logger.LogInformation("Schedule {Key} removed", record.DedupKey);
                continue;
            }
            if (
                record.Status == WorkStatus.Leased
                || (
                    record.Status == WorkStatus.Queued
                    && ScheduleItem.FromPayload(record.Payload).Fingerprint == want.Spec.Fingerprint
                )
            )
                continue;
            if (Planned(want, now) is { } item)
                item.ApplyTo(record, now);
            else
                db.WorkItems.Remove(record);
            logger.LogInformation(
                "Schedule {Key} set again: {Schedule}",
                record.DedupKey,
                want.Spec.Fingerprint
            );
        }
        foreach (var want in wanted.Values)
            if (Planned(want, now) is { } item)
            {
                queue.Enqueue(
                    db,
                    WorkKinds.ScheduleFire,
                    item.ToPayload(),
                    item.DedupKey,
                    item.FireAt
                );
                logger.LogInformation(
                    "Schedule {Key} set: {Schedule}",
                    item.DedupKey,
                    want.Spec.Fingerprint
                );
            }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The schedule's item as set now; null when its cron never fires again.</summary>
    private static ScheduleItem? Planned(Wanted want, DateTime now) =>
        ScheduleTimes.First(want.Spec, now) is { } first
            ? new ScheduleItem(want.FlowId, want.ActivityId, first, want.Spec.Fingerprint)
            : null;

    private static async Task<Dictionary<string, Wanted>> WantedAsync(
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var wanted = new Dictionary<string, Wanted>();
        foreach (var version in await PublishedVersions.LoadAsync(db, "ScheduleTrigger", ct))
        {
            var flow = FlowJson.Deserialize(version.Json);
            foreach (var node in flow.Activities.Where(a => a.Type == "ScheduleTrigger"))
                if (ScheduleSpec.Of(node) is { } spec)
                    wanted[ScheduleItem.KeyOf(flow.Id, node.Id)] = new Wanted(
                        flow.Id,
                        node.Id,
                        spec
                    );
        }
        return wanted;
    }
}

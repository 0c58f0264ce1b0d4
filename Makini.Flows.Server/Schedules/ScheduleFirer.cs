using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Runs;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Schedules;

public enum ScheduleFireOutcome
{
    /// <summary>A run was stored and queued.</summary>
    Started,

    /// <summary>This fire (same flow, trigger and fire time) had already started a run, here or on another node.</summary>
    Duplicate,

    /// <summary><c>overlap = skip</c> and the previous scheduled run had not finished.</summary>
    SkippedOverlap,

    /// <summary>The flow is no longer published with this trigger.</summary>
    NotScheduled,

    /// <summary>The flow declares inputs a scheduled run cannot give.</summary>
    Refused,
}

/// <summary>A schedule's planned fire (UTC).</summary>
public sealed record ScheduleFire(string FlowId, string ActivityId, DateTime ScheduledAt)
{
    public DateTime ScheduledAt { get; } = DateTime.SpecifyKind(ScheduledAt, DateTimeKind.Utc);

    /// <summary>The run's dedup key, from which its id is derived: the same fire always gives the same run.</summary>
    public string DedupKey => $"schedule:{FlowId}:{ActivityId}:{ScheduledAt.ToString("O")}";
}

/// <summary>
/// Fires of schedules: each starts a background run of the flow's published version with
/// <c>{ scheduledAt, firedAt, trigger }</c> as input. The run's id and its queue item's dedup key are derived from
/// <c>schedule:{flowId}:{activityId}:{fire time}</c>, so a fire seen twice (two nodes, a retried batch) starts one
/// run. Many fires are added to one unit of work with a few queries whatever their number
/// (<see cref="AddAsync"/>), so a burst of schedules due at the same instant is stored in one transaction.
/// </summary>
public sealed class ScheduleFirer(
    FlowsDbContext db,
    PublishedSchedules schedules,
    TriggeredRuns runs,
    WorkQueue queue,
    TimeProvider time,
    ILogger<ScheduleFirer> logger
)
{
    /// <summary>Fires one schedule in a transaction of its own.</summary>
    public async Task<ScheduleFireOutcome> FireAsync(
        string flowId,
        string activityId,
        DateTimeOffset scheduledAt,
        CancellationToken cancellationToken
    )
    {
        ScheduleFire[] fires = [new(flowId, activityId, scheduledAt.UtcDateTime)];
        var published = await schedules.LoadAsync([flowId], cancellationToken);
        var started = await StartedAsync(fires, cancellationToken);
        var added = await AddAsync(fires, published, started, cancellationToken);
        if (added.Outcomes[0] != ScheduleFireOutcome.Started)
            return added.Outcomes[0];
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node stored the same fire between the check and the insert.
            db.ChangeTracker.Clear();
            return ScheduleFireOutcome.Duplicate;
        }
        added.Saved();
        return ScheduleFireOutcome.Started;
    }

    /// <summary>Which of the fires already started a run (checked ahead of their time by a batch).</summary>
    public Task<HashSet<string>> StartedAsync(
        IEnumerable<ScheduleFire> fires,
        CancellationToken cancellationToken
    ) => runs.ExistingKeysAsync([.. fires.Select(f => f.DedupKey)], cancellationToken);

    /// <summary>
    /// The fires' runs and queue items added to the caller's unit of work, one outcome per fire, skipping those in
    /// <paramref name="started"/>; once the caller has saved, <see cref="AddedFires.Saved"/> records their lag and
    /// wakes this node's workers. Whether an earlier scheduled run is unfinished is read now, at the fire.
    /// </summary>
    public async Task<AddedFires> AddAsync(
        IReadOnlyList<ScheduleFire> fires,
        IReadOnlyDictionary<(string FlowId, string ActivityId), PublishedSchedule> published,
        HashSet<string> started,
        CancellationToken cancellationToken
    )
    {
        var unfinished = await UnfinishedAsync(
            fires.Where(f =>
                published.TryGetValue((f.FlowId, f.ActivityId), out var s)
                && s.Spec.Overlap == ScheduleSpec.OverlapSkip
            ),
            cancellationToken
        );
        var firedAt = time.GetUtcNow().UtcDateTime;
        var outcomes = new ScheduleFireOutcome[fires.Count];
        for (var i = 0; i < fires.Count; i++)
            outcomes[i] = Add(fires[i], published, started, unfinished, firedAt);
        return new AddedFires(fires, outcomes, firedAt, queue);
    }

    private ScheduleFireOutcome Add(
        ScheduleFire fire,
        IReadOnlyDictionary<(string, string), PublishedSchedule> published,
        HashSet<string> started,
        HashSet<(string FlowId, string Trigger)> unfinished,
        DateTime firedAt
    )
    {
        if (!published.TryGetValue((fire.FlowId, fire.ActivityId), out var schedule))
            return ScheduleFireOutcome.NotScheduled;
        if (started.Contains(fire.DedupKey))
            return ScheduleFireOutcome.Duplicate;
        var trigger = RunTriggers.Schedule(fire.ActivityId);
        if (
            schedule.Spec.Overlap == ScheduleSpec.OverlapSkip
            && unfinished.Contains((fire.FlowId, trigger))
        )
        {
            logger.LogInformation(
                "Schedule {ActivityId} of flow {FlowId} skipped its fire at {ScheduledAt:O}: the previous scheduled run has not finished",
                fire.ActivityId,
                fire.FlowId,
                fire.ScheduledAt
            );
            return ScheduleFireOutcome.SkippedOverlap;
        }
        var input = new JsonObject
        {
            ["scheduledAt"] = fire.ScheduledAt.ToString("O"),
            ["firedAt"] = firedAt.ToString("O"),
            ["trigger"] = fire.ActivityId,
        };
        try
        {
            runs.Add(
                schedule.Flow,
                input,
                trigger,
                fire.DedupKey,
                schedule.Spec.Overlap == ScheduleSpec.OverlapQueue
                    ? WorkKinds.ScheduleTurn
                    : WorkKinds.Run
            );
        }
        catch (FlowInputException exception)
        {
            logger.LogWarning(
                "Schedule {ActivityId} of flow {FlowId} cannot start a run: {Problems}",
                fire.ActivityId,
                fire.FlowId,
                string.Join("; ", exception.Problems)
            );
            return ScheduleFireOutcome.Refused;
        }
        started.Add(fire.DedupKey);
        return ScheduleFireOutcome.Started;
    }

    /// <summary>The flows and schedule triggers among <paramref name="fires"/> with a run still running or suspended.</summary>
    private async Task<HashSet<(string FlowId, string Trigger)>> UnfinishedAsync(
        IEnumerable<ScheduleFire> fires,
        CancellationToken cancellationToken
    )
    {
        var flowIds = fires.Select(f => f.FlowId).Distinct().ToList();
        if (flowIds.Count == 0)
            return [];
        var unfinished = await db
            .Runs.Where(r =>
                flowIds.Contains(r.FlowId)
                && r.Trigger != null
                && r.Trigger.StartsWith("schedule:")
                && (
                    r.Status == nameof(RunStatus.Running) || r.Status == nameof(RunStatus.Suspended)
                )
            )
            .Select(r => new { r.FlowId, Trigger = r.Trigger! })
            .Distinct()
            .ToListAsync(cancellationToken);
        return [.. unfinished.Select(u => (u.FlowId, u.Trigger))];
    }
}

/// <summary>What <see cref="ScheduleFirer.AddAsync"/> added: one outcome per fire, in the order of the fires.</summary>
public sealed class AddedFires(
    IReadOnlyList<ScheduleFire> fires,
    IReadOnlyList<ScheduleFireOutcome> outcomes,
    DateTime firedAt,
    WorkQueue queue
)
{
    public IReadOnlyList<ScheduleFireOutcome> Outcomes => outcomes;

    /// <summary>Once saved: the lag of every started fire recorded, and this node's workers woken for the runs.</summary>
    public void Saved()
    {
        var any = false;
        for (var i = 0; i < fires.Count; i++)
            if (outcomes[i] == ScheduleFireOutcome.Started)
            {
                any = true;
                ServerTelemetry.ScheduleLag.Record(
                    (firedAt - fires[i].ScheduledAt).TotalMilliseconds,
                    new KeyValuePair<string, object?>("flow", fires[i].FlowId)
                );
            }
        if (any)
            queue.Signal();
    }
}

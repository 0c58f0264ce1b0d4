using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Flows;
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

    /// <summary>The flow is no longer published with this trigger (the scheduler has not caught up yet).</summary>
    NotScheduled,

    /// <summary>The flow declares inputs a scheduled run cannot give.</summary>
    Refused,
}

/// <summary>
/// One fire of a schedule: starts a background run of the flow's published version with
/// <c>{ scheduledAt, firedAt, trigger }</c> as input. The run's id and its queue item's dedup key are derived from
/// <c>schedule:{flowId}:{activityId}:{fire time}</c>, so a fire seen twice (two nodes, a retried job) starts one run.
/// </summary>
public sealed class ScheduleFirer(
    FlowsDbContext db,
    PublishedFlows flows,
    TriggeredRuns runs,
    TimeProvider time,
    ILogger<ScheduleFirer> logger
)
{
    public async Task<ScheduleFireOutcome> FireAsync(
        string flowId,
        string activityId,
        DateTimeOffset scheduledAt,
        CancellationToken cancellationToken
    )
    {
        var found = await flows.FindAsync(flowId, null, cancellationToken);
        var node = found?.Plan.Definition.Activities.Find(a =>
            a.Id == activityId && a.Type == "ScheduleTrigger"
        );
        if (found is not { } flow || node is null || ScheduleSpec.Of(node) is not { } spec)
            return ScheduleFireOutcome.NotScheduled;

        var trigger = RunTriggers.Schedule(activityId);
        if (
            spec.Overlap == ScheduleSpec.OverlapSkip
            && await db.Runs.AnyAsync(
                r =>
                    r.FlowId == flowId
                    && r.Trigger == trigger
                    && (
                        r.Status == nameof(RunStatus.Running)
                        || r.Status == nameof(RunStatus.Suspended)
                    ),
                cancellationToken
            )
        )
        {
            logger.LogInformation(
                "Schedule {ActivityId} of flow {FlowId} skipped its fire at {ScheduledAt:O}: the previous scheduled run has not finished",
                activityId,
                flowId,
                scheduledAt
            );
            return ScheduleFireOutcome.SkippedOverlap;
        }

        var firedAt = time.GetUtcNow();
        var scheduled = scheduledAt.UtcDateTime.ToString("O");
        var input = new JsonObject
        {
            ["scheduledAt"] = scheduled,
            ["firedAt"] = firedAt.UtcDateTime.ToString("O"),
            ["trigger"] = activityId,
        };
        RunRecord? run;
        try
        {
            run = await runs.StartAsync(
                flow,
                input,
                trigger,
                $"schedule:{flowId}:{activityId}:{scheduled}",
                cancellationToken,
                spec.Overlap == ScheduleSpec.OverlapQueue ? WorkKinds.ScheduleTurn : WorkKinds.Run
            );
        }
        catch (FlowInputException exception)
        {
            logger.LogWarning(
                "Schedule {ActivityId} of flow {FlowId} cannot start a run: {Problems}",
                activityId,
                flowId,
                string.Join("; ", exception.Problems)
            );
            return ScheduleFireOutcome.Refused;
        }
        if (run is null)
            return ScheduleFireOutcome.Duplicate;
        ServerTelemetry.ScheduleLag.Record(
            (firedAt - scheduledAt).TotalMilliseconds,
            new KeyValuePair<string, object?>("flow", flowId)
        );
        return ScheduleFireOutcome.Started;
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Runs;

/// <summary>
/// Starts background runs for triggers that may fire more than once for the same thing (a schedule's fire seen
/// by two nodes, an event item delivered again): the run, with an id derived from the dedup key, and its queue
/// item, with that key, are stored in one SaveChanges, so whichever comes second is refused by the database.
/// </summary>
public sealed class TriggeredRuns(
    FlowsDbContext db,
    FlowEngine engine,
    RunService runs,
    WorkQueue queue,
    ILogger<TriggeredRuns> logger
)
{
    /// <summary>
    /// The stored run, or null when this key already started one. The run is queued as <paramref name="workKind"/>:
    /// executed at once (<see cref="WorkKinds.Run"/>) or after its turn (<see cref="WorkKinds.ScheduleTurn"/>).
    /// </summary>
    public async Task<RunRecord?> StartAsync(
        (FlowPlan Plan, int Version) flow,
        JsonNode input,
        string trigger,
        string dedupKey,
        CancellationToken cancellationToken,
        string workKind = WorkKinds.Run
    )
    {
        if (
            await db.Runs.AnyAsync(r => r.Id == RunTriggers.RunId(dedupKey), cancellationToken)
            || await db.WorkItems.AnyAsync(w => w.DedupKey == dedupKey, cancellationToken)
        )
            return null;
        var record = Add(flow, input, trigger, dedupKey, workKind);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node stored the same run between the check and the insert.
            db.ChangeTracker.Clear();
            logger.LogInformation("{Key} was already started by another node", dedupKey);
            return null;
        }
        queue.Signal();
        return record;
    }

    /// <summary>
    /// Adds the run and its queue item to the caller's unit of work without checking the key: for a caller that
    /// starts many runs in one SaveChanges and has checked their keys itself (<see cref="ExistingKeysAsync"/>).
    /// </summary>
    public RunRecord Add(
        (FlowPlan Plan, int Version) flow,
        JsonNode input,
        string trigger,
        string dedupKey,
        string workKind = WorkKinds.Run
    )
    {
        var state = engine.CreateRun(flow.Plan, input, RunTriggers.RunId(dedupKey));
        var record = runs.Store(flow.Plan.FlowId, flow.Version, state);
        record.Trigger = trigger;
        queue.Enqueue(db, workKind, record.Id, dedupKey);
        return record;
    }

    /// <summary>Which of <paramref name="dedupKeys"/> already started a run (two queries, whatever their number).</summary>
    public async Task<HashSet<string>> ExistingKeysAsync(
        IReadOnlyCollection<string> dedupKeys,
        CancellationToken cancellationToken
    )
    {
        var byRunId = dedupKeys.ToDictionary(RunTriggers.RunId);
        var runIds = byRunId.Keys.ToList();
        var existing = await db
            .Runs.Where(r => runIds.Contains(r.Id))
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        var keys = existing.Select(id => byRunId[id]).ToHashSet();
        var keyList = dedupKeys.ToList();
        keys.UnionWith(
            await db
                .WorkItems.Where(w => w.DedupKey != null && keyList.Contains(w.DedupKey))
                .Select(w => w.DedupKey!)
                .ToListAsync(cancellationToken)
        );
        return keys;
    }
}

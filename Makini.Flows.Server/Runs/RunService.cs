using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Runs;

/// <summary>Starts, resumes, retries and cancels runs, storing each run's state after every step.</summary>
public sealed class RunService(
    FlowsDbContext db,
    FlowEngine engine,
    PublishedFlows flows,
    WorkQueue queue,
    HeldWork heldWork,
    IRunLock locks,
    RunOutcomeEvents outcomes,
    TimeProvider time
)
{
    /// <summary>
    /// Starts a run of the flow's published version and executes it in the caller's request; null when the flow
    /// has none. The run is stored with a queue item leased to this node (<see cref="HeldWork"/>): if the server
    /// dies, or the caller goes away, the queue continues the run from its last checkpoint.
    /// </summary>
    public async Task<RunRecord?> StartAsync(
        string flowId,
        JsonNode? input,
        CancellationToken cancellationToken
    )
    {
        var published = await flows.FindAsync(flowId, null, cancellationToken);
        if (published is not { } found)
            return null;
        var state = engine.CreateRun(found.Plan, input);
        await using var held =
            await locks.TryAcquireAsync(state.RunId, cancellationToken)
            ?? throw new InvalidOperationException($"run {state.RunId} is already executing");
        var record = Store(flowId, found.Version, state);
        var item = queue.EnqueueLeased(db, WorkKinds.Run, record.Id);
        await db.SaveChangesAsync(cancellationToken);
        return await heldWork.RunAsync(
            item,
            () => ExecuteAsync(record, found.Plan, state, cancellationToken)
        );
    }

    /// <summary>Stores a new run as Running without executing it (see <see cref="ExecuteAsync"/>).</summary>
    public RunRecord Store(string flowId, int version, RunState state)
    {
        var record = RunRecords.Create(flowId, version, state, time.GetUtcNow().UtcDateTime);
        db.Runs.Add(record);
        return record;
    }

    /// <summary>
    /// Executes a stored Running run until it stops and stores the result. With <paramref name="checkpoints"/>
    /// the state is also stored after every activity: if the server dies, the run continues from there at the
    /// next start and only the activity in flight runs again. Synchronous HTTP triggers skip them (their caller
    /// is waiting and retries with its Idempotency-Key); everything that runs in the background uses them.
    /// </summary>
    public async Task<RunRecord> ExecuteAsync(
        RunRecord record,
        FlowPlan plan,
        RunState state,
        CancellationToken ct,
        bool checkpoints = true
    )
    {
        state = await engine.ContinueAsync(
            plan,
            state,
            ct,
            checkpoints
                ? async (progress, token) => await SaveAsync(record, progress, token, plan)
                : null
        );
        return await SaveAsync(record, state, ct, plan);
    }

    /// <summary>
    /// Executes a stored run by id if it is still Running (background runs, recovery); <paramref name="plan"/>
    /// is its flow version's plan when the caller already has it.
    /// </summary>
    public async Task ExecuteStoredAsync(string runId, CancellationToken ct, FlowPlan? plan = null)
    {
        var record = await db.Runs.FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (record is null || record.Status != nameof(RunStatus.Running))
            return;
        if (plan is null)
            (plan, _) = await LoadAsync(record, ct);
        await ExecuteAsync(record, plan, RunRecords.State(record), ct);
    }

    public async Task<RunRecord> ResumeAsync(
        RunRecord record,
        string bookmarkId,
        JsonNode? payload,
        CancellationToken cancellationToken
    )
    {
        var (plan, state) = await LoadAsync(record, cancellationToken);
        state = await engine.ResumeAsync(plan, state, bookmarkId, payload, cancellationToken);
        return await SaveAsync(record, state, cancellationToken, plan);
    }

    public async Task<RunRecord> RetryAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var (plan, state) = await LoadAsync(record, cancellationToken);
        state = await engine.RetryAsync(plan, state, cancellationToken);
        return await SaveAsync(record, state, cancellationToken, plan);
    }

    public async Task<RunRecord> CancelAsync(RunRecord record, CancellationToken cancellationToken)
    {
        var state = engine.Cancel(RunRecords.State(record));
        return await SaveAsync(record, state, cancellationToken);
    }

    /// <summary>Faults a Running run that the queue gave up on (see <see cref="FlowEngine.Abandon"/>).</summary>
    public async Task AbandonAsync(string runId, string error, CancellationToken cancellationToken)
    {
        var record = await db.Runs.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (record is null || record.Status != nameof(RunStatus.Running))
            return;
        var state = engine.Abandon(RunRecords.State(record), error);
        await SaveAsync(record, state, cancellationToken);
    }

    private async Task<(FlowPlan, RunState)> LoadAsync(
        RunRecord record,
        CancellationToken cancellationToken
    )
    {
        var found =
            await flows.FindAsync(record.FlowId, record.FlowVersion, cancellationToken)
            ?? throw new InvalidOperationException(
                $"version {record.FlowVersion} of flow '{record.FlowId}' is gone"
            );
        return (found.Plan, RunRecords.State(record));
    }

    private async Task<RunRecord> SaveAsync(
        RunRecord record,
        RunState state,
        CancellationToken cancellationToken,
        FlowPlan? plan = null
    )
    {
        var before = record.Status;
        RunRecords.Update(record, state, time.GetUtcNow().UtcDateTime, plan?.Definition.Settings);
        if (state.Status == RunStatus.Suspended)
            await QueueTimersAsync(state, cancellationToken);
        var raised = await outcomes.AddAsync(db, record, before, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (raised)
            queue.Signal();
        return record;
    }

    /// <summary>Bookmarks that end at a time (Delay) are resumed by the durable queue when that time comes.</summary>
    private async Task QueueTimersAsync(RunState state, CancellationToken cancellationToken)
    {
        foreach (var bookmark in state.AllBookmarks().Where(b => b.ResumeAt is not null))
            await queue.EnqueueOnceAsync(
                db,
                WorkKinds.Resume,
                ResumeWork.Payload(state.RunId, bookmark.Id),
                $"resume:{state.RunId}:{bookmark.Id}",
                bookmark.ResumeAt!.Value.UtcDateTime,
                cancellationToken
            );
    }
}

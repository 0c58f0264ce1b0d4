using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Runs;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Executes a stored Running run from its last checkpoint, under the run's lock and, when the flow sets
/// <c>maxConcurrentRuns</c>, in one of the flow's slots; a run that is no longer Running is left alone.
/// </summary>
public sealed class RunWorkHandler(
    FlowsDbContext db,
    RunService runs,
    PublishedFlows flows,
    IRunLock locks,
    IFlowConcurrency concurrency
) : IWorkHandler
{
    private static readonly TimeSpan WaitForSlot = TimeSpan.FromSeconds(1);

    public async Task HandleAsync(WorkItemRecord item, CancellationToken cancellationToken)
    {
        var run = await db
            .Runs.Where(r => r.Id == item.Payload)
            .Select(r => new
            {
                r.FlowId,
                r.FlowVersion,
                // Lets the plan cache answer without asking the database again.
                Hash = db
                    .FlowVersions.Where(v => v.FlowId == r.FlowId && v.Version == r.FlowVersion)
                    .Select(v => v.Hash)
                    .FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (run is null)
            return;
        var found = await flows.FindAsync(run.FlowId, run.FlowVersion, cancellationToken, run.Hash);
        var limit = found?.Plan.Definition.Settings?.MaxConcurrentRuns;
        await using var slot = limit is { } max
            ? await concurrency.TryEnterAsync(run.FlowId, max, cancellationToken)
                ?? throw new WorkDeferredException(
                    $"flow '{run.FlowId}' already runs {max} run(s) at once",
                    WaitForSlot
                )
            : null;
        await using var held =
            await locks.TryAcquireAsync(item.Payload, cancellationToken)
            ?? throw new RunBusyException(item.Payload);
        await runs.ExecuteStoredAsync(item.Payload, cancellationToken, found?.Plan);
    }

    /// <summary>A run the queue gave up on is Faulted, retryable from the activity it was about to run.</summary>
    public async Task GiveUpAsync(
        WorkItemRecord item,
        string error,
        CancellationToken cancellationToken
    )
    {
        await using var held = await locks.TryAcquireAsync(item.Payload, cancellationToken);
        if (held is null)
            return;
        await runs.AbandonAsync(
            item.Payload,
            WorkOutcomes.Abandoned(item) is null
                ? $"the run failed {item.Attempts} times and is not tried again: {error}"
                : $"the server stopped while this run was executing, {item.Attempts - 1} times; it is not continued again (retry the run to continue it)",
            cancellationToken
        );
    }
}

/// <summary>Another node is still working on the run: the item is tried again a little later.</summary>
public sealed class RunBusyException(string runId)
    : WorkDeferredException(
        $"run {runId} is being executed by another node",
        TimeSpan.FromSeconds(5)
    );

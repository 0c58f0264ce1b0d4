using Makini.Flows.Server.Runs;

namespace Makini.Flows.Server.Queue;

/// <summary>Executes a stored Running run from its last checkpoint; a run that is no longer Running is left alone.</summary>
public sealed class RunWorkHandler(RunService runs, IRunLock locks) : IWorkHandler
{
    public async Task HandleAsync(WorkItemRecord item, CancellationToken cancellationToken)
    {
        await using var held =
            await locks.TryAcquireAsync(item.Payload, cancellationToken)
            ?? throw new RunBusyException(item.Payload);
        await runs.ExecuteStoredAsync(item.Payload, cancellationToken);
    }
}

/// <summary>Another node is still working on the run: the item is retried later.</summary>
public sealed class RunBusyException(string runId)
    : Exception($"run {runId} is being executed by another node");

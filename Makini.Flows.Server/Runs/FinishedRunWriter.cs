using System.Threading.Channels;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;

namespace Makini.Flows.Server.Runs;

/// <summary>
/// Stores runs that finished within the request that started them (plain synchronous triggers) by group
/// commit: each caller waits until its own run is committed, so an answered request's run is on disk, but the
/// runs of concurrent requests share one transaction. One commit per request made SQLite's single writer the
/// limit of a busy trigger; with this, commits grow with concurrency instead of with requests.
/// </summary>
public sealed class FinishedRunWriter(
    IServiceScopeFactory scopes,
    ILogger<FinishedRunWriter> logger
) : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(
        new UnboundedChannelOptions { SingleReader = true }
    );

    private sealed record Pending(RunRecord Run, TaskCompletionSource Stored);

    /// <summary>Completes when the run is committed; faults when it could not be.</summary>
    public Task StoreAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var pending = new Pending(
            run,
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
        );
        if (!_pending.Writer.TryWrite(pending))
            throw new InvalidOperationException("the server is stopping: the run was not stored");
        return pending.Stored.Task.WaitAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Whatever is queued is still written: the loop ends once the channel is empty.
        _pending.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
                batch.Add(next);
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            await SaveAsync(batch.ConvertAll(p => p.Run));
            foreach (var pending in batch)
                pending.Stored.TrySetResult();
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            // One bad row must not fail the others: store them one by one to find it.
            logger.LogWarning(
                exception,
                "Storing {Count} runs together failed; storing them one by one",
                batch.Count
            );
            foreach (var pending in batch)
                await CommitAsync([pending]);
        }
        catch (Exception exception)
        {
            batch[0].Stored.TrySetException(exception);
        }
    }

    private async Task SaveAsync(IReadOnlyList<RunRecord> runs)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var outcomes = scope.ServiceProvider.GetRequiredService<RunOutcomeEvents>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await RunRows.InsertAsync(db, runs, CancellationToken.None);
        var raised = false;
        foreach (var run in runs)
            raised |= await outcomes.AddAsync(db, run, null, CancellationToken.None);
        if (raised)
            await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        if (raised)
            scope.ServiceProvider.GetRequiredService<WorkQueue>().Signal();
    }
}

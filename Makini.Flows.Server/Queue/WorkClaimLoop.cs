using Makini.Flows.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// The loop a worker runs: with a slot free, claims due items of its kinds (one item per free slot, each
/// worked alone, or a batch worked together in one slot), and when there is nothing to claim waits for a
/// signal or the poll interval. A failing claim (the database briefly unreachable) pauses the loop instead of
/// ending it. Returns once stopping and every started job has ended.
/// </summary>
public sealed class WorkClaimLoop(
    WorkQueue queue,
    IServiceScopeFactory scopes,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<WorkClaimLoop> logger
)
{
    /// <param name="kinds">The kinds to claim.</param>
    /// <param name="slots">Jobs that may run at once.</param>
    /// <param name="batchSize">Items per job; 0 for one item per job, as many as there are free slots.</param>
    /// <param name="linger">
    /// How long to wait after a claim that found fewer items than asked for, so that work trickling in is
    /// claimed in batches rather than one item per claim.
    /// </param>
    /// <param name="work">Works one job's items.</param>
    /// <param name="ahead">Claims items due within this much from now (the job waits for their time itself).</param>
    public async Task RunAsync(
        IReadOnlyList<string> kinds,
        int slots,
        int batchSize,
        TimeSpan linger,
        Func<IReadOnlyList<WorkItemRecord>, Task> work,
        CancellationToken stoppingToken,
        TimeSpan ahead = default
    )
    {
        using var free = new SemaphoreSlim(slots, slots);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await free.WaitAsync(stoppingToken);
                var signal = queue.NextSignal;
                List<WorkItemRecord> claimed = [];
                var asked = batchSize > 0 ? batchSize : free.CurrentCount + 1;
                try
                {
                    claimed = await ClaimAsync(kinds, asked, ahead, stoppingToken);
                }
                finally
                {
                    // Gives the slot back when nothing was claimed, the claim failing included.
                    if (claimed.Count == 0)
                        free.Release();
                }
                if (claimed.Count == 0)
                {
                    await queue.WaitForWorkAsync(signal, stoppingToken);
                    continue;
                }
                IReadOnlyList<IReadOnlyList<WorkItemRecord>> jobs =
                    batchSize > 0 ? [claimed] : [.. claimed.Select(item => new[] { item })];
                for (var i = 1; i < jobs.Count; i++)
                    await free.WaitAsync(stoppingToken);
                running.RemoveAll(task => task.IsCompleted);
                foreach (var items in jobs)
                    running.Add(RunJobAsync(() => work(items), free));
                if (linger > TimeSpan.Zero && claimed.Count < asked)
                    await Task.Delay(linger, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Claiming work failed");
                await Task.Delay(options.Value.PollInterval * 4, time, CancellationToken.None);
            }
        }
        await Task.WhenAll(running);
    }

    private async Task<List<WorkItemRecord>> ClaimAsync(
        IReadOnlyList<string> kinds,
        int count,
        TimeSpan ahead,
        CancellationToken ct
    )
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        return await WorkClaims.ClaimAsync(
            db,
            queue.NodeId,
            count,
            now,
            options.Value.Lease,
            kinds,
            null,
            ct,
            now + ahead
        );
    }

    private static async Task RunJobAsync(Func<Task> job, SemaphoreSlim free)
    {
        try
        {
            await Task.Run(job);
        }
        finally
        {
            free.Release();
        }
    }
}

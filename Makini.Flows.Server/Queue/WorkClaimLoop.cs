namespace Makini.Flows.Server.Queue;

/// <summary>
/// The loop a worker runs: with a slot free, claims work (asking for as many items as it has free slots, or
/// a batch), starts a job per slot it needs, and when there is nothing to claim waits for a signal or the poll
/// interval. A failing claim (the database briefly unreachable) pauses the loop instead of ending it. Returns
/// once stopping and every started job has ended.
/// </summary>
public sealed class WorkClaimLoop(WorkQueue queue, TimeProvider time, ILogger logger)
{
    /// <param name="slots">Jobs that may run at once.</param>
    /// <param name="claim">Claims items, given the free slots (the current one included).</param>
    /// <param name="jobs">The jobs for the claimed items, each taking a slot.</param>
    public async Task RunAsync(
        int slots,
        TimeSpan pauseAfterFailure,
        Func<int, CancellationToken, Task<List<WorkItemRecord>>> claim,
        Func<List<WorkItemRecord>, IReadOnlyList<Func<Task>>> jobs,
        CancellationToken stoppingToken
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
                try
                {
                    claimed = await claim(free.CurrentCount + 1, stoppingToken);
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
                var started = jobs(claimed);
                for (var i = 1; i < started.Count; i++)
                    await free.WaitAsync(stoppingToken);
                running.RemoveAll(task => task.IsCompleted);
                foreach (var job in started)
                    running.Add(RunJobAsync(job, free));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Claiming work failed");
                await Task.Delay(pauseAfterFailure, time, CancellationToken.None);
            }
        }
        await Task.WhenAll(running);
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

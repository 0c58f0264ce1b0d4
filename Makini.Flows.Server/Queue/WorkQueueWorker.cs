using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// This node's share of the durable queue: claims items when it has free workers, runs each with its kind's
/// handler while renewing the lease, then marks it done, queues it again with backoff, or makes it dead when
/// its attempts are spent. A node that dies keeps nothing: its leases run out and another node claims them.
/// </summary>
public sealed class WorkQueueWorker(
    WorkQueue queue,
    IEnumerable<WorkHandlerRegistration> handlers,
    IServiceScopeFactory scopes,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<WorkQueueWorker> logger
) : BackgroundService
{
    private readonly Dictionary<string, Type> _handlerTypes = handlers.ToDictionary(
        h => h.Kind,
        h => h.HandlerType
    );

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await ReleaseOwnLeasesIfAloneAsync(stoppingToken);
        using var free = new SemaphoreSlim(settings.Workers, settings.Workers);
        var running = new HashSet<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await free.WaitAsync(stoppingToken);
                var claimed = await ClaimAsync(free.CurrentCount + 1, stoppingToken);
                if (claimed.Count == 0)
                {
                    free.Release();
                    await queue.WaitForWorkAsync(stoppingToken);
                    continue;
                }
                for (var i = 1; i < claimed.Count; i++)
                    await free.WaitAsync(stoppingToken);
                foreach (var item in claimed)
                {
                    var task = ProcessAsync(item, stoppingToken)
                        .ContinueWith(_ => free.Release(), TaskScheduler.Default);
                    lock (running)
                        running.Add(task);
                    _ = task.ContinueWith(
                        t =>
                        {
                            lock (running)
                                running.Remove(t);
                        },
                        TaskScheduler.Default
                    );
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be briefly unreachable: try again after a pause rather than stop working.
                logger.LogError(exception, "Claiming work failed");
                await Task.Delay(settings.PollInterval * 4, time, CancellationToken.None);
            }
        }
        Task[] left;
        lock (running)
            left = [.. running];
        await Task.WhenAll(left);
    }

    /// <summary>
    /// SQLite serves a single node: leases left by this server's previous process (stopped or crashed) can be
    /// taken back at once instead of after they run out.
    /// </summary>
    private async Task ReleaseOwnLeasesIfAloneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        if (db.Database.IsNpgsql())
            return;
        var released = await db
            .WorkItems.Where(w => w.Status == WorkStatus.Leased)
            .ExecuteUpdateAsync(
                set => set.SetProperty(w => w.LeaseUntil, time.GetUtcNow().UtcDateTime),
                cancellationToken
            );
        if (released > 0)
            logger.LogWarning(
                "Taking back {Count} work item(s) interrupted by the last stop",
                released
            );
    }

    private async Task<List<WorkItemRecord>> ClaimAsync(int count, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        return await WorkClaims.ClaimAsync(
            db,
            queue.NodeId,
            count,
            time.GetUtcNow().UtcDateTime,
            options.Value.Lease,
            ct
        );
    }

    private async Task ProcessAsync(WorkItemRecord item, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewing = RenewWhileWorkingAsync(item, leaseLost);
        string? error = null;
        try
        {
            if (item.Attempts > item.MaxAttempts)
                error =
                    $"abandoned {item.Attempts - 1} times by nodes that stopped while working on it";
            else if (!_handlerTypes.TryGetValue(item.Kind, out var handlerType))
                error = $"no handler for work of kind '{item.Kind}'";
            else
            {
                await using var scope = scopes.CreateAsyncScope();
                var handler = (IWorkHandler)scope.ServiceProvider.GetRequiredService(handlerType);
                await handler.HandleAsync(item, leaseLost.Token);
            }
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            // The lease went to another node: the item is not ours to finish. When stopping, hand it back
            // now rather than when the lease runs out; the attempt does not count.
            if (stoppingToken.IsCancellationRequested)
                await ReleaseAsync(item);
            return;
        }
        catch (WorkDeferredException deferred)
        {
            await DeferAsync(item, deferred.After);
            return;
        }
        catch (Exception exception)
        {
            error = exception.Message;
            logger.LogWarning(
                exception,
                "Work item {Id} ({Kind} {Payload}) failed, attempt {Attempt} of {Max}",
                item.Id,
                item.Kind,
                item.Payload,
                item.Attempts,
                item.MaxAttempts
            );
        }
        finally
        {
            await leaseLost.CancelAsync();
        }
        await FinishAsync(item, error);
    }

    private Task ReleaseAsync(WorkItemRecord item) => DeferAsync(item, TimeSpan.Zero);

    private async Task DeferAsync(WorkItemRecord item, TimeSpan after)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        await WorkClaims.ReleaseAsync(
            db,
            item.Id,
            queue.NodeId,
            time.GetUtcNow().UtcDateTime,
            after
        );
    }

    private async Task FinishAsync(WorkItemRecord item, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        if (error is null)
        {
            await WorkClaims.CompleteAsync(db, item.Id, queue.NodeId, now, CancellationToken.None);
            return;
        }
        DateTime? retryAt = item.Attempts >= item.MaxAttempts ? null : now + Backoff(item.Attempts);
        await WorkClaims.FailAsync(
            db,
            item.Id,
            queue.NodeId,
            error,
            now,
            retryAt,
            CancellationToken.None
        );
        if (retryAt is null)
            logger.LogError(
                "Work item {Id} ({Kind} {Payload}) is dead after {Attempts} attempts: {Error}",
                item.Id,
                item.Kind,
                item.Payload,
                item.Attempts,
                error
            );
    }

    private TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var backoff = settings.FirstBackoff * Math.Pow(2, Math.Max(0, attempts - 1));
        return backoff < settings.MaxBackoff ? backoff : settings.MaxBackoff;
    }

    /// <summary>Renews the lease every third of its length; cancels the work when it was lost.</summary>
    private Disposable RenewWhileWorkingAsync(WorkItemRecord item, CancellationTokenSource work)
    {
        var lease = options.Value.Lease;
        var timer = time.CreateTimer(
            async _ =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
                    if (
                        !work.IsCancellationRequested
                        && !await WorkClaims.RenewAsync(
                            db,
                            item.Id,
                            queue.NodeId,
                            time.GetUtcNow().UtcDateTime + lease,
                            CancellationToken.None
                        )
                    )
                    {
                        logger.LogWarning("Lost the lease of work item {Id}", item.Id);
                        await work.CancelAsync();
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The work ended while renewing.
                }
                catch (Exception exception)
                {
                    logger.LogWarning(
                        exception,
                        "Renewing the lease of work item {Id} failed",
                        item.Id
                    );
                }
            },
            null,
            lease / 3,
            lease / 3
        );
        return new Disposable(timer);
    }

    private sealed class Disposable(ITimer timer) : IDisposable
    {
        public void Dispose() => timer.Dispose();
    }
}

using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// This node's share of the durable queue: claims items when it has free workers, runs each with its kind's
/// handler while renewing the lease, then marks it done, queues it again with backoff, or makes it dead when
/// its attempts are spent. A node that dies keeps nothing: its leases run out and another node claims them.
/// It claims the kinds it has handlers for; kinds worked in batches are left to <see cref="WorkBatchWorker"/>, and
/// webhook deliveries to <c>WebhookDeliveryWorker</c>.
/// </summary>
public sealed class WorkQueueWorker(
    WorkQueue queue,
    IEnumerable<WorkHandlerRegistration> handlers,
    WorkClaimLoop claims,
    WorkLeases leases,
    WorkOutcomes outcomes,
    IServiceScopeFactory scopes,
    IServiceProvider services,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<WorkQueueWorker> logger
) : BackgroundService
{
    private readonly Dictionary<string, Type> _handlerTypes = handlers.ToDictionary(
        h => h.Kind,
        h => h.HandlerType
    );
    private readonly WorkHandlerRegistration[] _handlers = [.. handlers];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ReleaseOwnLeasesIfAloneAsync(stoppingToken);
        var shared = _handlers.Where(h => h.OwnWorkers is null).Select(h => h.Kind).ToList();
        var pools = _handlers
            .Where(h => h.OwnWorkers is not null)
            .Select(h => ClaimLoopAsync([h.Kind], h.OwnWorkers!(services), stoppingToken));
        await Task.WhenAll([
            ClaimLoopAsync(shared, options.Value.Workers, stoppingToken),
            .. pools,
            RequeueExpiredLoopAsync(stoppingToken),
        ]);
    }

    private Task ClaimLoopAsync(
        IReadOnlyList<string> kinds,
        int workers,
        CancellationToken stoppingToken
    ) =>
        claims.RunAsync(
            kinds,
            workers,
            batchSize: 0,
            linger: TimeSpan.Zero,
            items => ProcessAsync(items[0], stoppingToken),
            stoppingToken
        );

    /// <summary>
    /// Puts back in the queue, every few poll intervals, the items of any kind whose lease ran out: their node
    /// died or stalled, and any node may now claim them.
    /// </summary>
    private async Task RequeueExpiredLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval * 4);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
                var requeued = await WorkClaims.RequeueExpiredAsync(
                    db,
                    time.GetUtcNow().UtcDateTime,
                    stoppingToken
                );
                if (requeued > 0)
                {
                    logger.LogWarning(
                        "{Count} work item(s) whose lease ran out are queued again",
                        requeued
                    );
                    queue.Signal();
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Queueing again work items whose lease ran out failed");
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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

    private async Task ProcessAsync(WorkItemRecord item, CancellationToken stoppingToken)
    {
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewing = leases.RenewWhileWorking([item.Id], leaseLost);
        var error = WorkOutcomes.Abandoned(item);
        try
        {
            error ??= await HandleAsync(item, leaseLost.Token);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            // The lease went to another node: the item is not ours to finish. When stopping, hand it back
            // now rather than when the lease runs out; the attempt does not count.
            if (stoppingToken.IsCancellationRequested)
                await outcomes.ReleaseAsync(item);
            return;
        }
        catch (WorkDeferredException deferred)
        {
            await outcomes.DeferAsync(item, deferred.After);
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
        if (await outcomes.FinishAsync(item, error))
            await GiveUpAsync(item, error!);
    }

    private async Task GiveUpAsync(WorkItemRecord item, string error)
    {
        if (!_handlerTypes.TryGetValue(item.Kind, out var handlerType))
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = (IWorkHandler)scope.ServiceProvider.GetRequiredService(handlerType);
            await handler.GiveUpAsync(item, error, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogError(
                exception,
                "Giving up work item {Id} ({Kind}) failed",
                item.Id,
                item.Kind
            );
        }
    }

    /// <summary>Runs the kind's handler; returns an error when the kind has none.</summary>
    private async Task<string?> HandleAsync(
        WorkItemRecord item,
        CancellationToken cancellationToken
    )
    {
        if (!_handlerTypes.TryGetValue(item.Kind, out var handlerType))
            return $"no handler for work of kind '{item.Kind}'";
        await using var scope = scopes.CreateAsyncScope();
        var handler = (IWorkHandler)scope.ServiceProvider.GetRequiredService(handlerType);
        await handler.HandleAsync(item, cancellationToken);
        return null;
    }
}

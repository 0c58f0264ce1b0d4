using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Works the kinds registered with <c>AddWorkBatchHandler</c>: up to <see cref="QueueOptions.BatchWorkers"/>
/// batches per kind in flight, each of up to <see cref="QueueOptions.BatchSize"/> due items claimed in one
/// statement and handed to the kind's handler together, which records their outcomes and marks them done in
/// one transaction.
/// Leases, retries and dead items work as in <see cref="WorkQueueWorker"/>.
/// </summary>
public sealed class WorkBatchWorker(
    WorkQueue queue,
    IEnumerable<WorkBatchRegistration> registrations,
    WorkClaimLoop claims,
    WorkLeases leases,
    WorkOutcomes outcomes,
    IServiceScopeFactory scopes,
    IOptions<QueueOptions> options,
    ILogger<WorkBatchWorker> logger
) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            registrations.Select(registration =>
                Task.Run(() => LoopAsync(registration, stoppingToken), CancellationToken.None)
            )
        );

    private Task LoopAsync(WorkBatchRegistration registration, CancellationToken stoppingToken) =>
        claims.RunAsync(
            [registration.Kind],
            registration.Batches ?? options.Value.BatchWorkers,
            options.Value.BatchSize,
            options.Value.BatchLinger,
            items => ProcessAsync(registration, items, stoppingToken),
            stoppingToken,
            registration.ClaimAhead
        );

    private async Task ProcessAsync(
        WorkBatchRegistration registration,
        IReadOnlyList<WorkItemRecord> claimed,
        CancellationToken stoppingToken
    )
    {
        var items = new List<WorkItemRecord>(claimed.Count);
        foreach (var item in claimed)
            if (WorkOutcomes.Abandoned(item) is { } reason)
                await outcomes.FinishAsync(item, reason);
            else
                items.Add(item);
        if (items.Count == 0)
            return;
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewing = leases.RenewWhileWorking([.. items.Select(i => i.Id)], leaseLost);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = (IWorkBatchHandler)
                scope.ServiceProvider.GetRequiredService(registration.HandlerType);
            await handler.HandleBatchAsync(items, queue.NodeId, leaseLost.Token);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            // Stopping, or every lease went to another node: hand back what is still ours (nothing when the
            // leases were lost); the attempts do not count.
            foreach (var item in items)
                await outcomes.ReleaseAsync(item);
        }
        catch (Exception exception)
        {
            logger.LogWarning(
                exception,
                "A batch of {Count} {Kind} work items ({First}...) failed",
                items.Count,
                registration.Kind,
                items[0].Id
            );
            foreach (var item in items)
                await outcomes.FinishAsync(item, exception.Message);
        }
        finally
        {
            await leaseLost.CancelAsync();
        }
    }
}

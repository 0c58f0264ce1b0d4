namespace Makini.Flows.Server.Queue;

/// <summary>
/// Does the work of one kind many items at a time, where one item's own round trips would cost more than its
/// work (connection probes; webhook deliveries have a worker of their own, <c>WebhookDeliveryWorker</c>, so that
/// a batch never waits for its slowest receiver). The handler records every item's outcome and marks the items done
/// (<see cref="WorkClaims.CompleteAllAsync"/>) in one transaction; when it throws, the worker queues the items
/// it still holds again with backoff. As with <see cref="IWorkHandler"/>, an item may be handled again after a
/// node died between the work and that transaction.
/// </summary>
public interface IWorkBatchHandler
{
    Task HandleBatchAsync(
        IReadOnlyList<WorkItemRecord> items,
        string nodeId,
        CancellationToken cancellationToken
    );
}

/// <summary>
/// Which kind is worked in batches, by which handler (see <c>AddWorkBatchHandler</c>). With
/// <paramref name="ClaimAhead"/>, items are claimed that long before they fall due and the handler waits for their
/// time itself, having prepared what it can; <paramref name="Batches"/> then overrides
/// <see cref="QueueOptions.BatchWorkers"/>, since batches waiting for their time hold their slots.
/// </summary>
public sealed record WorkBatchRegistration(
    string Kind,
    Type HandlerType,
    TimeSpan ClaimAhead = default,
    int? Batches = null
);

public static class WorkBatchHandlerServiceCollectionExtensions
{
    public static IServiceCollection AddWorkBatchHandler<THandler>(
        this IServiceCollection services,
        string kind,
        TimeSpan claimAhead = default,
        int? batches = null
    )
        where THandler : class, IWorkBatchHandler
    {
        services.AddScoped<THandler>();
        services.AddSingleton(
            new WorkBatchRegistration(kind, typeof(THandler), claimAhead, batches)
        );
        return services;
    }
}

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Does the work of one kind. Called in its own DI scope, by one node at a time; an exception means a retry
/// later (with backoff) until the item's attempts are spent. Handlers must tolerate running again for the same
/// item: a node can die after the work but before the item is marked done.
/// </summary>
public interface IWorkHandler
{
    Task HandleAsync(WorkItemRecord item, CancellationToken cancellationToken);

    /// <summary>
    /// Called once the item is dead (its attempts spent, crashes of the node working on it included), to leave
    /// what it refers to in a final state rather than waiting for work that will not come.
    /// </summary>
    Task GiveUpAsync(WorkItemRecord item, string error, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}

/// <summary>
/// Which handler does which kind of work (see <c>AddWorkHandler</c>). A kind with <paramref name="OwnWorkers"/>
/// is worked by a pool of its own, of that many workers (read from the settings at start), so its long items
/// (a connection's sync) never take the workers that runs wait for, nor wait behind them.
/// </summary>
public sealed record WorkHandlerRegistration(
    string Kind,
    Type HandlerType,
    Func<IServiceProvider, int>? OwnWorkers = null
);

public static class WorkHandlerServiceCollectionExtensions
{
    public static IServiceCollection AddWorkHandler<THandler>(
        this IServiceCollection services,
        string kind,
        Func<IServiceProvider, int>? ownWorkers = null
    )
        where THandler : class, IWorkHandler
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new WorkHandlerRegistration(kind, typeof(THandler), ownWorkers));
        return services;
    }
}

using Makini.Flows.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Ends this node's hold on claimed items: done, queued again with backoff (or dead once its attempts are spent),
/// or handed back without counting the attempt.
/// </summary>
public sealed class WorkOutcomes(
    WorkQueue queue,
    IServiceScopeFactory scopes,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<WorkOutcomes> logger
)
{
    /// <summary>Marks the item done, or failed with <paramref name="error"/>; true when that made it dead.</summary>
    public async Task<bool> FinishAsync(WorkItemRecord item, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        if (error is null)
        {
            await WorkClaims.CompleteAsync(db, item.Id, queue.NodeId, now, CancellationToken.None);
            return false;
        }
        DateTime? retryAt = item.Attempts >= item.MaxAttempts ? null : now + Backoff(item.Attempts);
        var failed = await WorkClaims.FailAsync(
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
        return retryAt is null && failed == 1;
    }

    /// <summary>Hands the item back, due now (this node is stopping): the attempt does not count.</summary>
    public Task ReleaseAsync(WorkItemRecord item) => DeferAsync(item, TimeSpan.Zero);

    /// <summary>Hands the item back, due after <paramref name="after"/>: the attempt does not count.</summary>
    public async Task DeferAsync(WorkItemRecord item, TimeSpan after)
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

    /// <summary>Why an item is not worked at all, or null when it may be.</summary>
    public static string? Abandoned(WorkItemRecord item) =>
        item.Attempts > item.MaxAttempts
            ? $"abandoned {item.Attempts - 1} times by nodes that stopped while working on it"
            : null;

    private TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var backoff = settings.FirstBackoff * Math.Pow(2, Math.Max(0, attempts - 1));
        return backoff < settings.MaxBackoff ? backoff : settings.MaxBackoff;
    }
}

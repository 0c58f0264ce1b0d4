using Makini.Flows.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Queue;

/// <summary>Keeps this node's leases alive while it works on the items.</summary>
public sealed class WorkLeases(
    WorkQueue queue,
    IServiceScopeFactory scopes,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<WorkLeases> logger
)
{
    /// <summary>
    /// Renews the leases of <paramref name="ids"/> every third of their length until disposed; cancels
    /// <paramref name="work"/> once this node holds none of them any more.
    /// </summary>
    public IDisposable RenewWhileWorking(
        IReadOnlyCollection<long> ids,
        CancellationTokenSource work
    )
    {
        var lease = options.Value.Lease;
        return time.CreateTimer(
            async _ =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
                    if (work.IsCancellationRequested)
                        return;
                    var renewed = await WorkClaims.RenewAllAsync(
                        db,
                        ids,
                        queue.NodeId,
                        time.GetUtcNow().UtcDateTime + lease,
                        CancellationToken.None
                    );
                    if (renewed == ids.Count)
                        return;
                    logger.LogWarning(
                        "Lost the lease of {Lost} of {Count} work item(s) ({First}...)",
                        ids.Count - renewed,
                        ids.Count,
                        ids.First()
                    );
                    if (renewed == 0)
                        await work.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // The work ended while renewing.
                }
                catch (Exception exception)
                {
                    logger.LogWarning(
                        exception,
                        "Renewing the lease of work item(s) {First}... failed",
                        ids.First()
                    );
                }
            },
            null,
            lease / 3,
            lease / 3
        );
    }
}

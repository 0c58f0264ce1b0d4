using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// Probes a batch of connections (queue kind <see cref="WorkKinds.ConnectionProbe"/>): loads them in one query,
/// skips those that are online and synced successfully within the probe interval (the sync reached the source
/// more thoroughly than a probe would), runs the others' checks with at most
/// <see cref="ConnectionOptions.ProbeParallelism"/> at once, reports each outcome to
/// <see cref="ConnectionStatus"/>, then queues each item again for its connection's next slot. An item whose
/// connection is gone or disabled is deleted instead. A node that dies mid-batch leaves its items leased; when the
/// leases run out another node probes them again, which is harmless.
/// </summary>
public sealed class ConnectionProbeHandler(
    FlowsDbContext db,
    ConnectionChecker checker,
    ConnectionStatus status,
    ConnectionProbes probes,
    IOptions<ConnectionOptions> options,
    TimeProvider time
) : IWorkBatchHandler
{
    private sealed record Target(
        string Id,
        string ConnectorId,
        string ProtectedCredentials,
        string Status
    );

    public async Task HandleBatchAsync(
        IReadOnlyList<WorkItemRecord> items,
        string nodeId,
        CancellationToken cancellationToken
    )
    {
        var ids = items.Select(i => i.Payload).Distinct().ToList();
        var targets = await db
            .Connections.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.Status != ConnectionStatuses.Disabled)
            .Select(c => new Target(c.Id, c.ConnectorId, c.ProtectedCredentials, c.Status))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var synced = await SyncedRecentlyAsync(ids, cancellationToken);

        var outcomes = new Dictionary<string, ConnectorException?>();
        var outcomesLock = new Lock();
        await Parallel.ForEachAsync(
            targets.Values.Where(t =>
                !(t.Status == ConnectionStatuses.Online && synced.Contains(t.Id))
            ),
            new ParallelOptions
            {
                MaxDegreeOfParallelism = options.Value.ProbeParallelism,
                CancellationToken = cancellationToken,
            },
            async (target, token) =>
            {
                var failure = await checker.CheckStoredAsync(
                    target.Id,
                    target.ConnectorId,
                    target.ProtectedCredentials,
                    token
                );
                lock (outcomesLock)
                    outcomes[target.Id] = failure;
            }
        );

        // The checks happened: their outcomes are recorded even if a lease was lost meanwhile.
        foreach (var (id, failure) in outcomes)
            await status.ReportAsync(db, id, failure, CancellationToken.None);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var item in items)
        {
            if (!targets.ContainsKey(item.Payload))
            {
                await db
                    .WorkItems.Where(w => w.Id == item.Id && w.LeasedBy == nodeId)
                    .ExecuteDeleteAsync(CancellationToken.None);
                continue;
            }
            var due = probes.NextDue(item.Payload, now);
            if (
                await ConnectionProbes.RequeueHeldAsync(
                    db,
                    item,
                    nodeId,
                    due,
                    now,
                    CancellationToken.None
                )
            )
                await db
                    .Connections.Where(c => c.Id == item.Payload)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(c => c.NextProbeAt, due),
                        CancellationToken.None
                    );
        }
    }

    private async Task<HashSet<string>> SyncedRecentlyAsync(
        List<string> ids,
        CancellationToken cancellationToken
    )
    {
        var since = time.GetUtcNow().UtcDateTime - options.Value.ProbeInterval;
        return await db
            .ConnectionSyncs.Where(s => ids.Contains(s.ConnectionId) && s.LastSuccessAt >= since)
            .Select(s => s.ConnectionId)
            .ToHashSetAsync(cancellationToken);
    }
}

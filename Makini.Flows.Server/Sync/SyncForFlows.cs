using System.Text.Json.Nodes;
using Makini.Flows.Activities.Data;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Sync;

/// <summary>
/// The Sync activity's side of <see cref="IConnectionData"/>: asks the connection's recurring sync item for a turn
/// now and, when the flow waits, watches the sync history until the sync asked for has ended.
/// </summary>
public sealed class SyncForFlows(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public async Task<SyncOutcome> SyncAsync(
        string connectionId,
        IReadOnlyList<string>? entities,
        bool full,
        bool wait,
        TimeSpan timeout,
        CancellationToken cancellationToken
    )
    {
        var asked = time.GetUtcNow().UtcDateTime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
            if (
                !await db.ConnectionSyncs.AnyAsync(
                    s => s.ConnectionId == connectionId,
                    cancellationToken
                )
            )
                throw new InvalidOperationException($"There is no connection '{connectionId}'.");
            await scope
                .ServiceProvider.GetRequiredService<SyncSchedule>()
                .RequestAsync(db, connectionId, full, cancellationToken, entities);
        }
        var deadline = asked + timeout;
        SyncRunRecord? run = null;
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
                run = await db
                    .SyncRuns.AsNoTracking()
                    .Where(r => r.ConnectionId == connectionId && r.StartedAt >= asked)
                    .OrderBy(r => r.StartedAt)
                    .FirstOrDefaultAsync(cancellationToken);
            }
            if (!wait || (run is not null && run.Status != SyncRunStatuses.Running))
                break;
            if (time.GetUtcNow().UtcDateTime >= deadline)
                break;
            await Task.Delay(Poll, time, cancellationToken);
        }
        if (run is null || run.Status == SyncRunStatuses.Running)
            return new SyncOutcome(run?.Id ?? "", "started", [], [], null, null);
        return new SyncOutcome(
            run.Id,
            run.Status,
            JsonNode.Parse(run.CountsJson)!.AsObject(),
            run.ChangedKeysJson is null ? [] : JsonNode.Parse(run.ChangedKeysJson)!.AsObject(),
            run.ErrorCode,
            run.Error
        );
    }
}

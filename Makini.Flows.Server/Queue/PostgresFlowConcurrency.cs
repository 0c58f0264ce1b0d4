using Medallion.Threading.Postgres;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Slots are advisory locks <c>flow:{id}:{n}</c> for n below the limit, shared by every node: a run takes the
/// first free one and holds it on its database connection until it stops (or its node dies).
/// </summary>
public sealed class PostgresFlowConcurrency(string connectionString) : IFlowConcurrency
{
    public async Task<IAsyncDisposable?> TryEnterAsync(
        string flowId,
        int limit,
        CancellationToken cancellationToken
    )
    {
        foreach (var slot in Enumerable.Range(0, limit).OrderBy(_ => Random.Shared.Next()))
        {
            var held = await new PostgresDistributedLock(
                new PostgresAdvisoryLockKey($"makini-flow:{flowId}:{slot}", allowHashing: true),
                connectionString
            ).TryAcquireAsync(cancellationToken: cancellationToken);
            if (held is not null)
                return held;
        }
        return null;
    }
}

using Medallion.Threading.Postgres;

namespace Makini.Flows.Server.Queue;

/// <summary>A PostgreSQL advisory lock per run, released when its holder's connection ends (or it dies).</summary>
public sealed class PostgresRunLock(string connectionString) : IRunLock
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(
        string runId,
        CancellationToken cancellationToken
    ) =>
        await new PostgresDistributedLock(
            new PostgresAdvisoryLockKey($"makini-run:{runId}", allowHashing: true),
            connectionString
        ).TryAcquireAsync(cancellationToken: cancellationToken);
}

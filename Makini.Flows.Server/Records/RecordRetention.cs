using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Records;

/// <summary>
/// Deletes the records deleted more than <see cref="RecordOptions.KeepDeleted"/> ago (their unified and source
/// records both), a batch at a time so that no statement holds many rows. Live records are never swept: their source
/// records are what a changed mapping is applied to again. Sweeps at start and then every hour.
/// </summary>
public sealed class RecordRetention(
    IServiceScopeFactory scopes,
    RecordOptions options,
    TimeProvider time,
    ILogger<RecordRetention> logger
) : PeriodicSweep(scopes, time, logger)
{
    private const int Batch = 5_000;

    protected override string Swept => "deleted records";

    protected override async Task<int> DeleteAsync(
        FlowsDbContext db,
        DateTime now,
        CancellationToken cancellationToken
    )
    {
        var cutoff = now - options.KeepDeleted;
        var total = 0;
        int deleted;
        do
        {
            var ids = await db
                .Records.Where(r => r.DeletedAt < cutoff)
                .OrderBy(r => r.DeletedAt)
                .Select(r => r.Id)
                .Take(Batch)
                .ToListAsync(cancellationToken);
            deleted =
                ids.Count == 0
                    ? 0
                    : await db
                        .Records.Where(r => ids.Contains(r.Id) && r.DeletedAt < cutoff)
                        .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        } while (deleted == Batch);
        return total;
    }
}

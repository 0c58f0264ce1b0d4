using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Deletes done queue items last changed more than <see cref="QueueOptions.KeepDone"/> ago. Sweeps at start and
/// then every hour. Queued and leased items are work still to do; dead items stay until an operator retries or
/// inspects them.
/// </summary>
public sealed class QueueRetention(
    IServiceScopeFactory scopes,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<QueueRetention> logger
) : PeriodicSweep(scopes, time, logger)
{
    protected override string Swept => "done queue items";

    protected override Task<int> DeleteAsync(
        FlowsDbContext db,
        DateTime now,
        CancellationToken cancellationToken
    )
    {
        var cutoff = now - options.Value.KeepDone;
        return db
            .WorkItems.Where(w => w.Status == WorkStatus.Done && w.UpdatedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }
}

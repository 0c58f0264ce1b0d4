using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Queue;

/// <summary>How much work waits, by status, and how long the oldest waiting item has been due.</summary>
public sealed record QueueSnapshot(
    int Queued,
    int Leased,
    int Dead,
    int Done,
    double? OldestDueSeconds
)
{
    public static async Task<QueueSnapshot> ReadAsync(
        FlowsDbContext db,
        DateTime now,
        CancellationToken cancellationToken
    )
    {
        var counts = await db
            .WorkItems.GroupBy(w => w.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var oldestDue = await db
            .WorkItems.Where(w => w.Status == WorkStatus.Queued && w.AvailableAt <= now)
            .OrderBy(w => w.AvailableAt)
            .Select(w => (DateTime?)w.AvailableAt)
            .FirstOrDefaultAsync(cancellationToken);
        return new QueueSnapshot(
            counts.GetValueOrDefault(WorkStatus.Queued),
            counts.GetValueOrDefault(WorkStatus.Leased),
            counts.GetValueOrDefault(WorkStatus.Dead),
            counts.GetValueOrDefault(WorkStatus.Done),
            oldestDue is { } due ? (now - due).TotalSeconds : null
        );
    }
}

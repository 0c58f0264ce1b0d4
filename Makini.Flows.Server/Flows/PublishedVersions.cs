using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Flows;

/// <summary>The published version of every flow, read for the triggers they declare.</summary>
public static class PublishedVersions
{
    /// <summary>
    /// Published versions whose JSON mentions <paramref name="activityType"/> (a cheap filter in the database;
    /// callers still look for the activity in the parsed flow).
    /// </summary>
    public static Task<List<FlowVersionRecord>> LoadAsync(
        FlowsDbContext db,
        string activityType,
        CancellationToken ct
    ) =>
        db
            .Flows.Where(f => f.PublishedVersion != null)
            .Join(
                db.FlowVersions,
                f => new { f.Id, Version = f.PublishedVersion!.Value },
                v => new { Id = v.FlowId, v.Version },
                (f, v) => v
            )
            .Where(v => v.Json.Contains(activityType))
            .AsNoTracking()
            .ToListAsync(ct);
}

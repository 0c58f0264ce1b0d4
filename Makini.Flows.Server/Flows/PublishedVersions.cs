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

    /// <summary>Which version of each flow is published, with its content hash; of <paramref name="flowIds"/> only, when given.</summary>
    public static IQueryable<PublishedStamp> StampsOf(
        FlowsDbContext db,
        IReadOnlyCollection<string>? flowIds = null
    )
    {
        var flows = db.Flows.Where(f => f.PublishedVersion != null);
        if (flowIds is not null)
            flows = flows.Where(f => flowIds.Contains(f.Id));
        return flows.Join(
            db.FlowVersions,
            f => new { f.Id, Version = f.PublishedVersion!.Value },
            v => new { Id = v.FlowId, v.Version },
            (f, v) =>
                new PublishedStamp
                {
                    FlowId = v.FlowId,
                    Version = v.Version,
                    Hash = v.Hash,
                }
        );
    }
}

/// <summary>A flow's published version and its content hash.</summary>
public sealed class PublishedStamp
{
    public required string FlowId { get; init; }
    public required int Version { get; init; }
    public required string Hash { get; init; }
}

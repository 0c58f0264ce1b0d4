using Makini.Flows.Engine.Serialization;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Runs;

/// <summary>
/// Deletes finished runs older than their flow's <c>settings.retainRunsDays</c> (of the published version, or
/// of the draft for flows never published). Sweeps at start and then every hour.
/// </summary>
public sealed class RunRetention(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<RunRetention> logger
) : PeriodicSweep(scopes, time, logger)
{
    protected override string Swept => "run(s) past their flow's retention";

    protected override async Task<int> DeleteAsync(
        FlowsDbContext db,
        DateTime now,
        CancellationToken cancellationToken
    )
    {
        var flows = await db
            .Flows.AsNoTracking()
            .Select(f => new
            {
                f.Id,
                Json = db.FlowVersions.Where(v =>
                        v.FlowId == f.Id && v.Version == f.PublishedVersion
                    )
                    .Select(v => v.Json)
                    .FirstOrDefault()
                    ?? f.DraftJson,
            })
            .ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var flow in flows)
        {
            if (FlowJson.Deserialize(flow.Json).Settings?.RetainRunsDays is not { } days)
                continue;
            var cutoff = now.AddDays(-days);
            deleted += await db
                .Runs.Where(r =>
                    r.FlowId == flow.Id && r.FinishedAt != null && r.FinishedAt <= cutoff
                )
                .ExecuteDeleteAsync(cancellationToken);
        }
        return deleted;
    }
}

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
) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                if (deleted > 0)
                    logger.LogInformation(
                        "Deleted {Count} run(s) past their flow's retention",
                        deleted
                    );
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Run retention sweep failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes the runs past retention now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
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
            .ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
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
                .ExecuteDeleteAsync(ct);
        }
        return deleted;
    }
}

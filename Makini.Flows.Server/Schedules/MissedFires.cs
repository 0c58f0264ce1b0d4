using Makini.Flows.Activities.Triggers;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// The in-memory scheduler (SQLite, one node) forgets everything when the server stops, so it cannot see fires
/// that fell into the downtime. For a schedule with <c>misfire = runOnce</c> this finds the latest fire between
/// the schedule's last run (or, before any, the publishing of its version) and now, which the caller then fires
/// once. The clustered store on PostgreSQL keeps its triggers and applies the misfire instruction itself.
/// </summary>
public static class MissedFires
{
    /// <summary>A tolerance so that a fire due this very moment is left to the scheduler.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public static async Task<DateTimeOffset?> LatestAsync(
        FlowsDbContext db,
        ScheduleReconciler.Wanted schedule,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        if (schedule.Spec.Misfire != ScheduleSpec.MisfireRunOnce)
            return null;
        var trigger = RunTriggers.Schedule(schedule.ActivityId);
        var lastRun = await db
            .Runs.Where(r => r.FlowId == schedule.FlowId && r.Trigger == trigger)
            .MaxAsync(r => (DateTime?)r.CreatedAt, ct);
        var published = await db
            .Flows.Where(f => f.Id == schedule.FlowId)
            .Join(
                db.FlowVersions,
                f => new { f.Id, Version = f.PublishedVersion!.Value },
                v => new { Id = v.FlowId, v.Version },
                (f, v) => (DateTime?)v.PublishedAt
            )
            .FirstOrDefaultAsync(ct);
        var since = lastRun ?? published;
        if (since is null)
            return null;
        var from = new DateTimeOffset(DateTime.SpecifyKind(since.Value, DateTimeKind.Utc));
        var until = now - Grace;
        if (until <= from)
            return null;
        if (schedule.Spec.Cron is { } cron)
            return cron
                .Parsed.GetOccurrences(from, until, schedule.Spec.TimeZone, false, true)
                .Select(o => (DateTimeOffset?)o)
                .LastOrDefault();
        var interval = schedule.Spec.Interval!.Value;
        var missed = (long)((until - from) / interval);
        return missed >= 1 ? from + interval * missed : null;
    }
}

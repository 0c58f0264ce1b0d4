using Makini.Flows.Activities.Triggers;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// When a schedule fires (all times UTC): a cron expression's occurrences in its time zone (Cronos), or every
/// interval from the moment the schedule was set.
/// </summary>
public static class ScheduleTimes
{
    /// <summary>The first fire of a schedule set at <paramref name="now"/>; null when the cron never fires again.</summary>
    public static DateTime? First(ScheduleSpec spec, DateTime now) => Next(spec, now);

    /// <summary>The fire after <paramref name="fire"/>; null when the cron never fires again.</summary>
    public static DateTime? Next(ScheduleSpec spec, DateTime fire) =>
        spec.Cron is { } cron
            ? cron.Parsed.GetNextOccurrence(Utc(fire), spec.TimeZone)
            : fire + spec.Interval!.Value;

    /// <summary>
    /// The latest fire at or before <paramref name="now"/>, counting from the planned fire <paramref name="fire"/>
    /// (itself included), which must not be after <paramref name="now"/>.
    /// </summary>
    public static DateTime LatestUpTo(ScheduleSpec spec, DateTime fire, DateTime now)
    {
        if (spec.Cron is { } cron)
            return cron
                .Parsed.GetOccurrences(Utc(fire), Utc(now), spec.TimeZone, true, true)
                .DefaultIfEmpty(fire)
                .Last();
        var interval = spec.Interval!.Value;
        return fire + interval * Math.Floor((now - fire) / interval);
    }

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}

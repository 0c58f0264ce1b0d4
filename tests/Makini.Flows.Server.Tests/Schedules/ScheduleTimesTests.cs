using Makini.Flows.Activities.Triggers;
using Makini.Flows.Server.Schedules;

namespace Makini.Flows.Server.Tests.Schedules;

/// <summary>When schedules fire: cron expressions in their time zones, intervals, and the latest of missed fires.</summary>
public sealed class ScheduleTimesTests
{
    private static ScheduleSpec Cron(string cron, string zone = "UTC") =>
        new(
            CronSchedule.TryParse(cron, out _)!,
            TimeZoneInfo.FindSystemTimeZoneById(zone),
            null,
            ScheduleSpec.MisfireRunOnce,
            ScheduleSpec.OverlapSkip
        );

    private static ScheduleSpec Every(TimeSpan interval) =>
        new(
            null,
            TimeZoneInfo.Utc,
            interval,
            ScheduleSpec.MisfireRunOnce,
            ScheduleSpec.OverlapSkip
        );

    private static DateTime Utc(string text) =>
        DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Theory]
    [InlineData("*/5 * * * *", "UTC", "2026-12-07T10:02:00Z", "2026-12-07T10:05:00Z")]
    [InlineData("0 7 * * MON-FRI", "UTC", "2026-12-05T12:00:00Z", "2026-12-07T07:00:00Z")]
    [InlineData("0 0 * * 0,7", "UTC", "2026-12-07T00:00:00Z", "2026-12-13T00:00:00Z")]
    [InlineData("15 10 3 1 1 *", "UTC", "2026-12-07T00:00:00Z", "2027-01-01T03:10:15Z")]
    [InlineData("0 9 * * 5L", "UTC", "2026-12-07T00:00:00Z", "2026-12-25T09:00:00Z")]
    [InlineData("@weekly", "UTC", "2026-12-07T00:00:00Z", "2026-12-13T00:00:00Z")]
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-12-07T00:00:00Z", "2026-12-07T08:00:00Z")]
    [InlineData("0 9 * * *", "Europe/Berlin", "2027-03-27T12:00:00Z", "2027-03-28T07:00:00Z")]
    [InlineData("0/30 * * * * *", "UTC", "2026-12-07T10:00:00Z", "2026-12-07T10:00:30Z")]
    public void A_cron_fires_next_in_its_time_zone(
        string cron,
        string zone,
        string after,
        string next
    )
    {
        ScheduleTimes.Next(Cron(cron, zone), Utc(after)).ShouldBe(Utc(next));
        ScheduleTimes.First(Cron(cron, zone), Utc(after)).ShouldBe(Utc(next));
    }

    [Fact]
    public void An_interval_fires_an_interval_after_it_is_set_and_after_each_fire()
    {
        var spec = Every(TimeSpan.FromMinutes(15));

        ScheduleTimes
            .First(spec, Utc("2026-12-07T10:02:00Z"))
            .ShouldBe(Utc("2026-12-07T10:17:00Z"));
        ScheduleTimes.Next(spec, Utc("2026-12-07T10:17:00Z")).ShouldBe(Utc("2026-12-07T10:32:00Z"));
    }

    [Fact]
    public void The_latest_missed_fire_is_the_last_at_or_before_now()
    {
        ScheduleTimes
            .LatestUpTo(Cron("0 0 1 1 *"), Utc("2020-01-01T00:00:00Z"), Utc("2026-12-07T10:00:00Z"))
            .ShouldBe(Utc("2026-01-01T00:00:00Z"));
        ScheduleTimes
            .LatestUpTo(
                Every(TimeSpan.FromMinutes(15)),
                Utc("2026-12-07T08:17:00Z"),
                Utc("2026-12-07T10:40:00Z")
            )
            .ShouldBe(Utc("2026-12-07T10:32:00Z"));
    }
}

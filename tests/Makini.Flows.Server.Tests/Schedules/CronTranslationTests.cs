using Makini.Flows.Activities.Triggers;

namespace Makini.Flows.Server.Tests.Schedules;

/// <summary>The cron expressions users write (Cronos) fire at the same times once rewritten for Quartz.</summary>
public sealed class CronTranslationTests
{
    [Theory]
    [InlineData("*/5 * * * *", "UTC")]
    [InlineData("0 7 * * MON-FRI", "Europe/Berlin")]
    [InlineData("30 2 * * 0", "America/New_York")]
    [InlineData("0 0 * * 0,7", "UTC")]
    [InlineData("15 10 3 1 1 *", "Asia/Tokyo")]
    [InlineData("0 9 * * 5L", "Europe/London")]
    [InlineData("0 12 * * 1#2", "UTC")]
    [InlineData("0 0 L * *", "UTC")]
    [InlineData("*/20 * * * * *", "UTC")]
    [InlineData("@weekly", "Europe/Berlin")]
    [InlineData("@every_second", "UTC")]
    public void Quartz_fires_when_cronos_says(string cron, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var schedule = CronSchedule.TryParse(cron, out var error).ShouldNotBeNull(error);
        var quartz = new Quartz.CronExpression(schedule.QuartzExpression, zone);

        var from = new DateTimeOffset(2026, 3, 20, 13, 7, 11, TimeSpan.Zero);
        for (var i = 0; i < 12; i++)
        {
            var expected = schedule.Parsed.GetNextOccurrence(from, zone);
            var actual = quartz.GetNextValidTimeAfter(from);

            actual.ShouldBe(expected, $"{cron} -> {schedule.QuartzExpression}, after {from:O}");
            from = expected!.Value;
        }
    }
}

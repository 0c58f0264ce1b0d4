using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Activities.Triggers;

/// <summary>
/// A <see cref="ScheduleTrigger"/>'s literal inputs, checked and read: either a cron expression with its time zone
/// or an interval, and what to do about missed fires and overlapping runs.
/// </summary>
public sealed record ScheduleSpec(
    CronSchedule? Cron,
    TimeZoneInfo TimeZone,
    TimeSpan? Interval,
    string Misfire,
    string Overlap
)
{
    public const string DefaultTimeZone = "UTC";
    public const string MisfireRunOnce = "runOnce";
    public const string MisfireSkip = "skip";
    public const string OverlapQueue = "queue";
    public const string OverlapSkip = "skip";

    /// <summary>The shortest interval accepted.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    /// <summary>A text that changes whenever the schedule would fire at other times or behave otherwise.</summary>
    public string Fingerprint =>
        $"{Cron?.Expression}|{TimeZone.Id}|{Interval?.Ticks}|{Misfire}|{Overlap}";

    /// <summary>Reads the trigger node of a (validated) published flow; null when its inputs are not valid.</summary>
    public static ScheduleSpec? Of(ActivityNode node)
    {
        var literals = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in node.Inputs)
            if (value.Kind == ExpressionKind.Literal)
                literals[name] = value.Literal;
        var problems = new List<InputProblem>();
        var spec = Read(literals, problems);
        return problems.Count == 0 ? spec : null;
    }

    /// <summary>Reads the inputs, adding a problem for each mistake; the result is only usable without problems.</summary>
    public static ScheduleSpec? Read(
        IReadOnlyDictionary<string, JsonNode?> literals,
        List<InputProblem> problems
    )
    {
        var cronText = Text(literals, "cron");
        var intervalText = Text(literals, "interval");
        if (cronText is null && intervalText is null)
            problems.Add(new InputProblem(null, "give either 'cron' or 'interval'"));
        if (cronText is not null && intervalText is not null)
            problems.Add(
                new InputProblem("interval", "give either 'cron' or 'interval', not both")
            );

        CronSchedule? cron = null;
        if (cronText is not null)
        {
            cron = CronSchedule.TryParse(cronText, out var error);
            if (error is not null)
                problems.Add(new InputProblem("cron", error));
        }

        var zoneId = Text(literals, "timeZone") ?? DefaultTimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            problems.Add(
                new InputProblem(
                    "timeZone",
                    $"'{zoneId}' is not a known time zone; use an IANA id such as Europe/Berlin or UTC"
                )
            );

        TimeSpan? interval = null;
        if (intervalText is not null)
        {
            interval = ParseInterval(intervalText);
            if (interval is null)
                problems.Add(
                    new InputProblem(
                        "interval",
                        $"'{intervalText}' is not an interval; write a time span such as 00:15:00 or a number of seconds"
                    )
                );
            else if (interval < MinimumInterval)
                problems.Add(
                    new InputProblem(
                        "interval",
                        $"the interval must be at least {MinimumInterval.TotalSeconds} second"
                    )
                );
        }

        return new ScheduleSpec(
            cron,
            zone ?? TimeZoneInfo.Utc,
            interval,
            Text(literals, "misfire") ?? MisfireRunOnce,
            Text(literals, "overlap") ?? OverlapSkip
        );
    }

    /// <summary>A time span (<c>00:15:00</c>, <c>1.00:00:00</c>) or a number of seconds.</summary>
    public static TimeSpan? ParseInterval(string text)
    {
        if (
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
        )
            return double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : null;
        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span)
            ? span
            : null;
    }

    private static string? Text(IReadOnlyDictionary<string, JsonNode?> literals, string name) =>
        literals.TryGetValue(name, out var value)
        && value is not null
        && ValueConverter.ToText(value).Trim() is { Length: > 0 } text
            ? text
            : null;
}

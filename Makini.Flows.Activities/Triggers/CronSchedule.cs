using Cronos;

namespace Makini.Flows.Activities.Triggers;

/// <summary>
/// A cron expression as users write it (Cronos syntax: 5 fields, or 6 with seconds first, or a macro such as
/// <c>@daily</c>), checked with Cronos, and rewritten for Quartz.NET, whose cron dialect differs: it always has
/// seconds, numbers days of the week 1-7 from Sunday (cron: 0-7, Sunday being 0 and 7), and needs <c>?</c> in
/// whichever of day-of-month and day-of-week is not given. Quartz cannot combine both day fields, so
/// expressions that restrict both are refused here, at validation, rather than when the scheduler meets them.
/// </summary>
public sealed class CronSchedule
{
    private static readonly Dictionary<string, string> Macros = new(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["@every_second"] = "* * * * * *",
        ["@every_minute"] = "* * * * *",
        ["@hourly"] = "0 * * * *",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@weekly"] = "0 0 * * 0",
        ["@monthly"] = "0 0 1 * *",
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
    };

    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private CronSchedule(string expression, CronExpression parsed, string quartz)
    {
        Expression = expression;
        Parsed = parsed;
        QuartzExpression = quartz;
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    public CronExpression Parsed { get; }

    /// <summary>The same schedule in Quartz.NET's cron dialect.</summary>
    public string QuartzExpression { get; }

    /// <summary>The schedule, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static CronSchedule? TryParse(string expression, out string? error)
    {
        var text = expression.Trim();
        var expanded = Macros.TryGetValue(text, out var macro) ? macro : text;
        var fields = expanded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            error =
                $"'{expression}' has {fields.Length} fields; a cron expression has 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)";
            return null;
        }
        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(
                expanded,
                fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard
            );
        }
        catch (CronFormatException exception)
        {
            error = $"'{expression}' is not a valid cron expression: {exception.Message}";
            return null;
        }
        var seconds = fields.Length == 6 ? fields[0] : "0";
        var (minute, hour, dayOfMonth, month, dayOfWeek) =
            fields.Length == 6
                ? (fields[1], fields[2], fields[3], fields[4], fields[5])
                : (fields[0], fields[1], fields[2], fields[3], fields[4]);
        var anyDayOfMonth = dayOfMonth is "*" or "?";
        var anyDayOfWeek = dayOfWeek is "*" or "?";
        if (!anyDayOfMonth && !anyDayOfWeek)
        {
            error =
                $"'{expression}' restricts both the day of the month and the day of the week; restrict one and write * for the other";
            return null;
        }
        // Quartz wants exactly one '?': in day-of-week unless only the day of the week is restricted.
        var quartzDayOfWeek = anyDayOfWeek ? "?" : QuartzDaysOfWeek(dayOfWeek);
        if (quartzDayOfWeek is null)
        {
            error = $"'{expression}': the day-of-week field '{dayOfWeek}' is not supported";
            return null;
        }
        error = null;
        return new CronSchedule(
            text,
            parsed,
            string.Join(
                ' ',
                seconds,
                minute,
                hour,
                anyDayOfMonth ? (anyDayOfWeek ? "*" : "?") : dayOfMonth,
                month,
                quartzDayOfWeek
            )
        );
    }

    /// <summary>Rewrites a restricted day-of-week field from cron numbering (0-7, Sunday 0 and 7) to Quartz's (1-7, Sunday 1).</summary>
    private static string? QuartzDaysOfWeek(string field)
    {
        var parts = new List<string>();
        foreach (var part in field.Split(','))
        {
            if (part.Contains('#'))
            {
                var pieces = part.Split('#');
                if (Day(pieces[0]) is not { } day)
                    return null;
                parts.Add($"{day + 1}#{pieces[1]}");
                continue;
            }
            if (part.EndsWith('L') && part.Length > 1)
            {
                if (Day(part[..^1]) is not { } day)
                    return null;
                parts.Add($"{day + 1}L");
                continue;
            }
            if (Expand(part) is not { } days)
                return null;
            parts.AddRange(
                days.Select(d =>
                    (d + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
                )
            );
        }
        return string.Join(',', parts.Distinct());
    }

    /// <summary>Days (0 = Sunday) of a range with an optional step: <c>*</c>, <c>3</c>, <c>1-5</c>, <c>MON-FRI/2</c>.</summary>
    private static IEnumerable<int>? Expand(string part)
    {
        var step = 1;
        var slash = part.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(part[(slash + 1)..], out step) || step < 1)
                return null;
            part = part[..slash];
        }
        int first,
            last;
        if (part == "*")
            (first, last) = (0, 6);
        else if (part.Split('-') is [var from, var to])
        {
            if (RawDay(from) is not { } a || RawDay(to) is not { } b)
                return null;
            (first, last) = (a, b);
        }
        else if (RawDay(part) is { } single)
            (first, last) = (single, slash >= 0 ? 7 : single);
        else
            return null;
        var days = new List<int>();
        for (var day = first; day <= last; day += step)
            days.Add(day % 7);
        return days;
    }

    private static int? Day(string text) => RawDay(text) is { } day ? day % 7 : null;

    /// <summary>A day as written: 0-7 (0 and 7 are Sunday) or a three-letter name.</summary>
    private static int? RawDay(string text)
    {
        if (int.TryParse(text, out var number))
            return number is >= 0 and <= 7 ? number : null;
        var index = Array.FindIndex(
            DayNames,
            name => name.Equals(text, StringComparison.OrdinalIgnoreCase)
        );
        return index >= 0 ? index : null;
    }
}

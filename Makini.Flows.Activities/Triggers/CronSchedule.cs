using Cronos;

namespace Makini.Flows.Activities.Triggers;

/// <summary>
/// A cron expression as users write it (Cronos syntax: 5 fields, or 6 with seconds first, or a macro such as
/// <c>@daily</c>), checked and parsed with Cronos. Expressions that restrict both the day of the month and the day
/// of the week are refused: cron implementations disagree on whether a day must match both or either.
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

    private CronSchedule(string expression, CronExpression parsed)
    {
        Expression = expression;
        Parsed = parsed;
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    public CronExpression Parsed { get; }

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
        var (dayOfMonth, dayOfWeek) = (fields[^3], fields[^1]);
        var anyDayOfMonth = dayOfMonth is "*" or "?";
        var anyDayOfWeek = dayOfWeek is "*" or "?";
        if (!anyDayOfMonth && !anyDayOfWeek)
        {
            error =
                $"'{expression}' restricts both the day of the month and the day of the week; restrict one and write * for the other";
            return null;
        }
        error = null;
        return new CronSchedule(text, parsed);
    }
}

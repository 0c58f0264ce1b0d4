using System.Globalization;
using System.Text.Json;

namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// What <c>PATCH /api/v1/work-orders/{id}</c> may change: <c>priority</c>, <c>status</c> and <c>dueDate</c>; a field
/// left out keeps its value.
/// </summary>
public sealed record DemoWorkOrderChange(string? Priority, string? Status, DateTimeOffset? DueDate)
{
    public static readonly IReadOnlyList<string> Priorities = ["low", "medium", "high", "critical"];

    public static readonly IReadOnlyList<string> Statuses =
    [
        "open",
        "in_progress",
        "on_hold",
        "completed",
        "cancelled",
    ];

    /// <summary>The change a JSON body asks for, or the field at fault and why.</summary>
    public static DemoWorkOrderChange? Parse(
        byte[] body,
        out (string Parameter, string Message)? problem
    )
    {
        problem = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            problem = ("body", "The body must be a JSON object");
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = ("body", "The body must be a JSON object");
                return null;
            }
            string? priority = null,
                status = null;
            DateTimeOffset? due = null;
            foreach (var field in document.RootElement.EnumerateObject())
                switch (field.Name)
                {
                    case "priority":
                        priority = OneOf(field.Value, Priorities);
                        if (priority is null)
                            problem = (field.Name, Expected(Priorities));
                        break;
                    case "status":
                        status = OneOf(field.Value, Statuses);
                        if (status is null)
                            problem = (field.Name, Expected(Statuses));
                        break;
                    case "dueDate":
                        due = Time(field.Value);
                        if (due is null)
                            problem = (
                                field.Name,
                                "Expected a UTC date-time such as 2026-05-01T08:30:00Z"
                            );
                        break;
                    default:
                        problem = (
                            field.Name,
                            "Only priority, status and dueDate of a work order can be changed"
                        );
                        break;
                }
            if (problem is null && priority is null && status is null && due is null)
                problem = ("body", "Nothing to change: give priority, status or dueDate");
            return problem is null ? new DemoWorkOrderChange(priority, status, due) : null;
        }
    }

    private static string? OneOf(JsonElement value, IReadOnlyList<string> allowed) =>
        Text(value) is { } text && allowed.Contains(text) ? text : null;

    /// <summary>A string's text, or null for another kind or a lone surrogate escape (which has no text).</summary>
    private static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
            return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Expected(IReadOnlyList<string> allowed) =>
        "Expected one of " + string.Join(", ", allowed);

    private static DateTimeOffset? Time(JsonElement value) =>
        Text(value) is { } text
        && DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var time
        )
            ? new DateTimeOffset(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero)
            : null;
}

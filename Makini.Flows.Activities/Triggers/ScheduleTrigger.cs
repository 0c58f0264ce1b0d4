using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Triggers;

/// <summary>
/// Starts a published flow on a schedule: a cron expression in a time zone, or a fixed interval. The run's input
/// is <c>{ scheduledAt, firedAt, trigger }</c>. The server reads the literal inputs to keep its scheduler in step
/// with what is published; executing the trigger only continues.
/// </summary>
[Activity(
    "ScheduleTrigger",
    "Triggers",
    "Starts the flow on a schedule (cron in a time zone, or a fixed interval); the input is { scheduledAt, firedAt, trigger }.",
    DisplayName = "Schedule Trigger",
    IsStart = true
)]
public sealed class ScheduleTrigger : Activity, IValidatesInputs
{
    [Input(
        "Cron expression, 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. 0 7 * * MON-FRI. Give either cron or interval.",
        LiteralOnly = true
    )]
    public Input<string> Cron { get; set; } = null!;

    [Input(
        "IANA time zone the cron expression is read in, e.g. Europe/Berlin.",
        DefaultJson = "\"" + ScheduleSpec.DefaultTimeZone + "\"",
        LiteralOnly = true
    )]
    public Input<string> TimeZone { get; set; } = null!;

    [Input(
        "Fixed interval between runs: a time span (00:15:00) or a number of seconds. Give either cron or interval.",
        LiteralOnly = true
    )]
    public Input<string> Interval { get; set; } = null!;

    [Input(
        "runOnce: when fires were missed (server down or busy), run once now for all of them; skip: wait for the next fire.",
        UiHint = UiHints.Dropdown,
        Options = [ScheduleSpec.MisfireRunOnce, ScheduleSpec.MisfireSkip],
        DefaultJson = "\"" + ScheduleSpec.MisfireRunOnce + "\"",
        LiteralOnly = true
    )]
    public Input<string> Misfire { get; set; } = null!;

    [Input(
        "When the previous scheduled run is still running or suspended: queue stores the new run and starts it once the earlier ones have finished; skip drops this fire.",
        UiHint = UiHints.Dropdown,
        Options = [ScheduleSpec.OverlapQueue, ScheduleSpec.OverlapSkip],
        DefaultJson = "\"" + ScheduleSpec.OverlapSkip + "\"",
        LiteralOnly = true
    )]
    public Input<string> Overlap { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done);

    public IEnumerable<InputProblem> Validate(IReadOnlyDictionary<string, JsonNode?> literals)
    {
        var problems = new List<InputProblem>();
        ScheduleSpec.Read(literals, problems);
        return problems;
    }
}

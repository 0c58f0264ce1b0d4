namespace Makini.Flows.Server.Events;

/// <summary>One live event of a run, as the designer receives it over Server-Sent Events.</summary>
public sealed record RunEvent(
    string Type,
    string RunId,
    string FlowId,
    string? ActivityId = null,
    string? ActivityType = null,
    int? Sequence = null,
    string? Iteration = null,
    double? DurationMs = null,
    string? Status = null,
    string? Error = null
)
{
    public const string RunStarted = "run.started";
    public const string ActivityStarted = "activity.started";
    public const string ActivityCompleted = "activity.completed";
    public const string ActivityFaulted = "activity.faulted";
    public const string RunFinished = "run.finished";
}

using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Activities;

/// <summary>
/// Base of every activity type. One instance exists per flowchart node and flow version and is shared
/// by all runs, so an activity keeps no state in fields: per-run state lives in the context.
/// </summary>
public abstract class Activity
{
    /// <summary>Id of the node this instance was bound to.</summary>
    public string Id { get; internal set; } = "";

    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>Continues after a bookmark this activity created is resumed.</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(
        ActivityContext context,
        JsonNode? payload
    ) => ValueTask.FromResult(ActivityResult.Done);
}

using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "Delay",
    "Timing",
    "Pauses this branch for a number of seconds. The run suspends with a bookmark that the host resumes when the time comes."
)]
public sealed class Delay : Activity
{
    [Input("How long to wait, in seconds.", Required = true)]
    public Input<double> Seconds { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var seconds = context.Get(Seconds);
        if (double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            throw new InvalidOperationException($"a delay of {seconds} seconds is not possible");
        if (seconds == 0)
            return ValueTask.FromResult(ActivityResult.Done);
        var resumeAt = context.Time.GetUtcNow().AddSeconds(seconds);
        return ValueTask.FromResult(
            ActivityResult.Suspend(BookmarkKinds.Delay, resumeAt, JsonValue.Create(resumeAt))
        );
    }
}

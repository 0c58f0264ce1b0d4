namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "Start",
    "Triggers",
    "Where a run begins. The run's input is available to scripts as input.",
    IsStart = true
)]
public sealed class Start : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done);
}

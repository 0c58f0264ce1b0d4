namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity("Log", "Diagnostics", "Writes a message to the run's log.")]
public sealed class Log : Activity
{
    [Input("The message.", Required = true, UiHint = UiHints.MultiLine)]
    public Input<string> Message { get; set; } = null!;

    [Input(
        "Severity.",
        UiHint = UiHints.Dropdown,
        Options = ["debug", "info", "warning", "error"],
        DefaultJson = "\"info\"",
        LiteralOnly = true
    )]
    public Input<string> Level { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Log(context.Get(Level), context.Get(Message));
        return ValueTask.FromResult(ActivityResult.Done);
    }
}

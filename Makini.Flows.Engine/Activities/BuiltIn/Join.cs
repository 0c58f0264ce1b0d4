namespace Makini.Flows.Engine.Activities.BuiltIn;

/// <summary>
/// Merges branches. The interpreter decides when a Join fires (see docs/semantics.md); executing it only
/// continues along Done.
/// </summary>
[Activity(
    "Join",
    "Control flow",
    "Waits for incoming branches: all of them (WaitAll) or the first (WaitAny)."
)]
public sealed class Join : Activity
{
    [Input(
        "WaitAll waits for every incoming branch that can still arrive; WaitAny continues on the first and stops the others.",
        UiHint = UiHints.Dropdown,
        Options = ["WaitAll", "WaitAny"],
        DefaultJson = "\"WaitAll\"",
        LiteralOnly = true
    )]
    public Input<string> Mode { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Get(Mode);
        return ValueTask.FromResult(ActivityResult.Done);
    }
}

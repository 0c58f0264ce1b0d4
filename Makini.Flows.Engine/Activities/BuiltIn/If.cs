namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "If",
    "Control flow",
    "Continues along True or False depending on a condition (JavaScript truthiness).",
    Ports = [ActivityPorts.True, ActivityPorts.False]
)]
public sealed class If : Activity
{
    [Input(
        "The condition to test, e.g. input.amount > 100.",
        Required = true,
        UiHint = UiHints.Code
    )]
    public Input<bool> Condition { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(
            ActivityResult.Outcome(
                context.Get(Condition) ? ActivityPorts.True : ActivityPorts.False
            )
        );
}

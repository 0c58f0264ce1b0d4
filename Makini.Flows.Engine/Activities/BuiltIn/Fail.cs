namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity("Fail", "Control flow", "Ends the run as Faulted with a message.", Ports = [])]
public sealed class Fail : Activity
{
    [Input("Why the run fails.", Required = true, UiHint = UiHints.MultiLine)]
    public Input<string> Message { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        throw new FlowFailedException(context.Get(Message));
}

/// <summary>Raised by the Fail activity: the flow itself decided the run fails.</summary>
public sealed class FlowFailedException(string message) : Exception(message);

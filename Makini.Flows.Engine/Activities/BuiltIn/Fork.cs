namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "Fork",
    "Control flow",
    "Starts every named branch at once; branches interleave and can meet again at a Join.",
    Ports = [],
    PortsFromInput = "branches"
)]
public sealed class Fork : Activity
{
    [Input(
        "Branch names; each becomes a port.",
        Required = true,
        UiHint = UiHints.List,
        DefaultJson = """["A","B"]""",
        LiteralOnly = true
    )]
    public Input<string[]> Branches { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcomes(context.Get(Branches) ?? []));
}

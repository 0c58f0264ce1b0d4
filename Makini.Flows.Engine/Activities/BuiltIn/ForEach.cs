using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "ForEach",
    "Control flow",
    "Runs the Body branch once per item, one item after another, then continues along Done. Scripts in the body read item and index.",
    DisplayName = "For Each",
    Ports = [ActivityPorts.Body, ActivityPorts.Done]
)]
public sealed class ForEach : Activity
{
    [Input("The array to iterate.", Required = true, UiHint = UiHints.Code)]
    public Input<JsonArray> Items { get; set; } = null!;

    [Input(
        "A declared variable that also receives the current item.",
        UiHint = UiHints.Variable,
        LiteralOnly = true
    )]
    public Input<string> ItemVariable { get; set; } = null!;

    [Output("Number of items iterated.")]
    public Output<int> Count { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var items = context.Get(Items) ?? [];
        context.Set(Count, items.Count);
        return ValueTask.FromResult(ActivityResult.Iterate(items));
    }
}

using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "SetVariable",
    "Data",
    "Sets a flow variable to a value; the value must fit the variable's type."
)]
public sealed class SetVariable : Activity
{
    [Input(
        "Name of a declared variable.",
        Required = true,
        UiHint = UiHints.Variable,
        LiteralOnly = true
    )]
    public Input<string> Variable { get; set; } = null!;

    [Input("The new value.", UiHint = UiHints.Code)]
    public Input<JsonNode> Value { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.SetVariable(context.Get(Variable), context.Get(Value));
        return ValueTask.FromResult(ActivityResult.Done);
    }
}

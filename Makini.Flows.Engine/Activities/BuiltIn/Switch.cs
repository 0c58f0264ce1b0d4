using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "Switch",
    "Control flow",
    "Continues along the port of the first case equal to the value, or Default when none is.",
    Ports = [ActivityPorts.Default],
    PortsFromInput = "cases"
)]
public sealed class Switch : Activity
{
    [Input(
        "The value to match, compared as text with each case.",
        Required = true,
        UiHint = UiHints.Code
    )]
    public Input<JsonNode> Value { get; set; } = null!;

    [Input(
        "Case names; each becomes a port.",
        Required = true,
        UiHint = UiHints.List,
        LiteralOnly = true
    )]
    public Input<string[]> Cases { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var value = ValueConverter.ToText(context.Get(Value));
        foreach (var name in context.Get(Cases) ?? [])
            if (string.Equals(name, value, StringComparison.Ordinal))
                return ValueTask.FromResult(ActivityResult.Outcome(name));
        return ValueTask.FromResult(ActivityResult.Outcome(ActivityPorts.Default));
    }
}

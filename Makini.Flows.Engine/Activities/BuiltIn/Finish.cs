using System.Text.Json.Nodes;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "Finish",
    "Control flow",
    "Completes the run at once with an output; branches still pending are dropped.",
    Ports = []
)]
public sealed class Finish : Activity
{
    [Input("The run's output.", UiHint = UiHints.Code)]
    public Input<JsonNode> Output { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var output = context.Get(Output);
        var problems = FlowInputChecker.Check(
            context.Run.Plan.Definition.Outputs,
            output,
            "/output"
        );
        if (problems.Count > 0)
            throw new InvalidOperationException(
                $"the output does not fit the flow's output shape: {string.Join("; ", problems.Select(p => p.Message))}"
            );
        return ValueTask.FromResult(ActivityResult.CompleteRun(output));
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Activities.BuiltIn;

[Activity(
    "RunFlow",
    "Flows",
    "Runs another flow with an input, waits for it (also across suspensions) and outputs its result."
)]
public sealed class RunFlow : Activity
{
    [Input("Id of the flow to run.", Required = true)]
    public Input<string> FlowId { get; set; } = null!;

    [Input("Input of the sub-flow run.", UiHint = UiHints.Code)]
    public Input<JsonNode> Input { get; set; } = null!;

    [Output("The sub-flow's output.")]
    public Output<JsonNode> Result { get; set; } = null!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var run = context.Run;
        if (run.Depth + 1 > run.Options.MaxSubflowDepth)
            throw new InvalidOperationException(
                $"sub-flows nest deeper than {run.Options.MaxSubflowDepth} levels; does a flow call itself?"
            );
        var plan = await context.Engine.FindFlowAsync(
            context.Get(FlowId),
            context.CancellationToken
        );
        var child = await context.Engine.StartAsync(
            plan,
            context.Get(Input)?.DeepClone(),
            run.Depth + 1,
            context.CancellationToken
        );
        return child.Status == RunStatus.Suspended
            ? ActivityResult.WaitForChild(child)
            : Conclude(context, SubflowOutcome.ToPayload(child));
    }

    public override ValueTask<ActivityResult> ResumeAsync(
        ActivityContext context,
        JsonNode? payload
    ) => ValueTask.FromResult(Conclude(context, payload));

    private ActivityResult Conclude(ActivityContext context, JsonNode? outcome)
    {
        var (status, output, error) = SubflowOutcome.FromPayload(outcome);
        if (status != RunStatus.Completed)
            throw new InvalidOperationException(
                $"sub-flow ended {status}: {error ?? "no reason given"}"
            );
        context.Set(Result, output!);
        return ActivityResult.Done;
    }
}

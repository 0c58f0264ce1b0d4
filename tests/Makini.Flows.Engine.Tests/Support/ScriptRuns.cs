using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Tests.Support;

public static class ScriptRuns
{
    /// <summary>Runs a flow that evaluates one JavaScript script (<see cref="FlowBuilder.EvaluateScript"/>).</summary>
    public static Task<RunState> RunScriptAsync(
        this FlowEngine engine,
        string script,
        JsonNode? input = null
    ) =>
        engine.StartAsync(
            engine.Prepare(FlowBuilder.EvaluateScript(script)),
            input,
            TestContext.Current.CancellationToken
        );
}

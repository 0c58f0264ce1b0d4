using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Benchmarks;

/// <summary>Loads the flows under Flows/ (copied next to the binary) and prepares them outside measurement.</summary>
internal static class BenchFlows
{
    public static FlowPlan Prepare(FlowEngine engine, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Flows", name + ".flow.json");
        return engine.Prepare(FlowJson.Deserialize(File.ReadAllText(path)));
    }

    /// <summary>Runs a flow once and checks it completed, so a broken flow fails the setup, not the numbers.</summary>
    public static RunState RunOnce(FlowEngine engine, FlowPlan plan, JsonNode? input = null)
    {
        var run = engine.StartAsync(plan, input).GetAwaiter().GetResult();
        if (run.Status != RunStatus.Completed)
            throw new InvalidOperationException(
                $"flow {plan.FlowId} ended {run.Status}: {run.Error?.Message}"
            );
        return run;
    }
}

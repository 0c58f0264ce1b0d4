using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.Runtime;

/// <summary>A run continued from any checkpoint ends as an uninterrupted run does, without running anything twice.</summary>
public sealed class CheckpointTests
{
    private static readonly string Samples = Path.Combine(
        TestFlows.RepositoryRoot(),
        "flows-samples"
    );

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public async Task A_run_continued_from_a_stored_checkpoint_on_a_new_engine_finishes_the_same(
        int crashAfter
    )
    {
        var flow = FlowJson.Deserialize(
            File.ReadAllText(Path.Combine(Samples, "overdue-work-orders.flow.json"))
        );
        var input = JsonNode.Parse(
            File.ReadAllText(Path.Combine(Samples, "overdue-work-orders.input.json"))
        );
        var engine = new FlowEngine();
        var plan = engine.Prepare(flow);
        var checkpoints = new List<string>();

        var uninterrupted = await engine.ContinueAsync(
            plan,
            engine.CreateRun(plan, input),
            TestContext.Current.CancellationToken,
            (state, _) =>
            {
                checkpoints.Add(RunStateJson.Serialize(state));
                return ValueTask.CompletedTask;
            }
        );
        var fresh = new FlowEngine();
        var resumed = await fresh.ContinueAsync(
            fresh.Prepare(flow),
            RunStateJson.Deserialize(checkpoints[crashAfter - 1]),
            TestContext.Current.CancellationToken
        );

        resumed.Status.ShouldBe(RunStatus.Completed, resumed.Error?.Message);
        JsonNode.DeepEquals(resumed.Output, uninterrupted.Output).ShouldBeTrue();
        resumed
            .Journal.Select(e => (e.ActivityId, e.Iteration))
            .ShouldBe(uninterrupted.Journal.Select(e => (e.ActivityId, e.Iteration)));
    }
}

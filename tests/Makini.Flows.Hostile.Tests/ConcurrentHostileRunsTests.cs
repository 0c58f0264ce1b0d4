using System.Text.Json.Nodes;
using Makini.Flows.Hostile.Tests.Support;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// Hostile runs side by side with benign ones: the hostile ones fault, the benign ones complete with their
/// exact outputs, and no run can change what another run sees.
/// </summary>
public sealed class ConcurrentHostileRunsTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>
{
    private static readonly (string FlowId, string Script, string[] Causes)[] Hostile =
    [
        ("endless-loop", "while (true) { }\n1", [Causes.TimeLimit]),
        (
            "deep-recursion",
            "Func<int, int> f = null;\nf = n => f(n + 1) + 1;\nf(0)",
            // Twenty runs on two cores: the time limit may come before the stack runs out.
            [Causes.Recursion, "stack overflow", Causes.TimeLimit]
        ),
        ("endless-tail-call", "int F(int n) => F(n + 1);\nF(0)", [Causes.TimeLimit]),
    ];

    [Fact]
    public async Task Twenty_hostile_runs_at_once_leave_twenty_benign_runs_exact()
    {
        foreach (var (flowId, script, _) in Hostile)
            await server.Client.PublishScriptAsync(flowId, script);

        var hostile = Enumerable
            .Range(0, 20)
            .Select(async i =>
            {
                var (flowId, _, causes) = Hostile[i % Hostile.Length];
                var run = await server.Client.RunAsync(flowId);
                output.WriteLine($"{flowId}: {run}");
                run.ShouldFaultWith(causes);
            });
        var benign = Enumerable.Range(0, 20).Select(_ => server.BenignRunShouldCompleteAsync());
        await Task.WhenAll(hostile.Concat(benign));

        await server.ShouldStillServeAsync();
    }

    public static TheoryData<string, string> StateGrabs =>
        new()
        {
            {
                "mutates-its-input",
                "input[\"a\"] = 999;\ninput[\"planted\"] = true;\n(int)input[\"a\"]!"
            },
            { "mutates-vars", "vars[\"result\"] = 999;\nvars[\"planted\"] = true;\n999" },
            {
                "mutates-outputs",
                "outputs[\"evaluate\"] = new JsonObject { [\"value\"] = 999 };\n999"
            },
            {
                "keeps-a-closure",
                "var seen = new List<int>();\nFunc<int, int> keep = x => { seen.Add(x); return seen.Count; };\nkeep((int)input[\"a\"]!) + 998"
            },
        };

    [Theory]
    [MemberData(nameof(StateGrabs))]
    public async Task A_run_that_grabs_state_changes_nothing_another_run_sees(
        string flowId,
        string script
    )
    {
        const string reader =
            "new JsonObject { [\"input\"] = input?.DeepClone(), [\"vars\"] = vars.DeepClone(), [\"outputs\"] = outputs.DeepClone() }";
        await server.Client.PublishScriptAsync(flowId, script);
        await server.Client.PublishScriptAsync("reads-what-it-sees", reader);

        var grabs = Enumerable
            .Range(0, 6)
            .Select(_ => server.Client.RunAsync(flowId, new JsonObject { ["a"] = 1 }));
        var reads = Enumerable
            .Range(0, 6)
            .Select(i => server.Client.RunAsync("reads-what-it-sees", new JsonObject { ["a"] = i }))
            .ToList();
        var grabbed = await Task.WhenAll(grabs);
        await Task.WhenAll(reads);

        grabbed.ShouldAllBe(run => run.Status == "Completed" && run.Output!.GetValue<int>() == 999);
        for (var i = 0; i < reads.Count; i++)
        {
            var read = await reads[i];
            read.Status.ShouldBe("Completed", read.ToString());
            var expected = new JsonObject
            {
                ["input"] = new JsonObject { ["a"] = i },
                ["vars"] = new JsonObject { ["result"] = null },
                ["outputs"] = new JsonObject(),
            };
            JsonNode.DeepEquals(read.Output, expected).ShouldBeTrue(read.ToString());
        }
        await server.ShouldStillServeAsync();
    }
}

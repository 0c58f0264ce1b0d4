using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>Compiled C# scripts are unloaded once forgotten, so memory stays flat as flows change.</summary>
[Collection(MemoryMeasurement.Name)]
public sealed class CSharpMemoryTests
{
    private const int Scripts = 1_000;
    private const long Tolerance = 50L * 1024 * 1024;

    [Fact]
    public async Task Compiling_and_running_a_thousand_distinct_scripts_leaves_memory_flat()
    {
        var engine = new FlowEngine();
        await RunDistinctScriptsAsync(engine, "warm-up", 20);
        engine.ReleaseCaches();
        var before = SettledMemory();
        var contextsBefore = ScriptContexts();

        await RunDistinctScriptsAsync(engine, "measured", Scripts);
        var loaded = ScriptContexts() - contextsBefore;
        engine.ReleaseCaches();
        var after = SettledMemory();
        var remaining = ScriptContexts() - contextsBefore;

        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{Scripts} scripts: managed heap {before / 1_048_576.0:0.0} MB before, {after / 1_048_576.0:0.0} MB after ({(after - before) / 1_048_576.0:+0.0;-0.0} MB); script load contexts alive: {loaded} after compiling, {remaining} after release"
        );
        loaded.ShouldBeGreaterThanOrEqualTo(Scripts);
        remaining.ShouldBeLessThan(Scripts / 10);
        (after - before).ShouldBeLessThan(Tolerance);
    }

    private static async Task RunDistinctScriptsAsync(FlowEngine engine, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var flow = FlowBuilder.EvaluateCSharp($"// {prefix} {i}\n(int)input![\"a\"]! + {i}");
            var run = await engine.StartAsync(
                engine.Prepare(flow),
                new JsonObject { ["a"] = 1 },
                TestContext.Current.CancellationToken
            );
            run.Output!.GetValue<int>().ShouldBe(1 + i);
        }
    }

    private static long SettledMemory()
    {
        for (var i = 0; i < 10; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int ScriptContexts() =>
        AssemblyLoadContext.All.Count(c => c.Name == "makini-script");
}

/// <summary>Tests that measure the process's memory run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}

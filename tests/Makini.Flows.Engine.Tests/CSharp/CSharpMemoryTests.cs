using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>
/// C# scripts compile and run in script hosts: the engine's own process never loads a script's code, however
/// many distinct scripts come and go, and the hosts stay within their memory. (That the server process does not
/// load the compiler at all is checked on the real server, by the hostile-script tests.)
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class CSharpMemoryTests
{
    private const int Scripts = 300;

    [Fact]
    public async Task Distinct_scripts_load_nothing_into_the_engines_process_and_hosts_stay_bounded()
    {
        var engine = new FlowEngine();
        await RunDistinctScriptsAsync(engine, "measured", Scripts);
        engine.ReleaseCaches();

        AssemblyLoadContext.All.ShouldNotContain(c => c.Name == "makini-script");
        var hosts = engine.CSharpHosts.HostProcessIds;
        hosts.ShouldNotBeEmpty();
        foreach (var pid in hosts)
        {
            var resident = ResidentBytes(pid);
            TestContext.Current.TestOutputHelper!.WriteLine(
                $"host {pid} after {Scripts} scripts: {resident / 1_048_576.0:0} MB resident"
            );
            resident.ShouldBeLessThan(engine.Options.CSharpLimits.HostMemoryBytes);
        }
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

    private static long ResidentBytes(int pid) =>
        long.Parse(File.ReadAllText($"/proc/{pid}/statm").Split(' ')[1])
        * Environment.SystemPageSize;
}

/// <summary>Tests that measure the process's memory run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}

using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// ForEach over 1,000 input items; the body is an If with the JavaScript condition
/// <c>item.amount &gt; 100 &amp;&amp; item.status === 'open'</c> whose True branch sets
/// <c>count</c> to <c>vars.count + 1</c>; Finish outputs the count.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class ForEachBenchmarks
{
    private const int Items = 1000;
    private readonly FlowEngine _engine = new();
    private FlowPlan _plan = null!;
    private JsonNode _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plan = BenchFlows.Prepare(_engine, "foreach-if-js");
        var items = new JsonArray();
        var expected = 0;
        for (var i = 0; i < Items; i++)
        {
            var open = i % 3 == 0;
            items.Add(
                new JsonObject
                {
                    ["id"] = i,
                    ["amount"] = i % 250,
                    ["status"] = open ? "open" : "closed",
                }
            );
            if (open && i % 250 > 100)
                expected++;
        }
        _input = new JsonObject { ["items"] = items };
        var run = BenchFlows.RunOnce(_engine, _plan, _input);
        var count = run.Output!["count"]!.GetValue<double>();
        if (count != expected)
            throw new InvalidOperationException($"counted {count}, expected {expected}");
    }

    [Benchmark]
    public Task<RunState> ForEach1000() => _engine.StartAsync(_plan, _input);
}

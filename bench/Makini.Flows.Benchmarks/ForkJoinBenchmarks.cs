using BenchmarkDotNet.Attributes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Benchmarks;

/// <summary>Start, a Fork into eight branches of one SetVariable or Log each, a WaitAll Join, Finish: 12 activities.</summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class ForkJoinBenchmarks
{
    private readonly FlowEngine _engine = new();
    private FlowPlan _plan = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plan = BenchFlows.Prepare(_engine, "fork-join-8");
        var run = BenchFlows.RunOnce(_engine, _plan);
        if (run.Journal.Count(j => j.ActivityId == "join") != 1 || run.Journal.Count != 12)
            throw new InvalidOperationException("fork-join-8 did not join its eight branches once");
    }

    [Benchmark]
    public Task<RunState> ForkJoin8() => _engine.StartAsync(_plan);
}

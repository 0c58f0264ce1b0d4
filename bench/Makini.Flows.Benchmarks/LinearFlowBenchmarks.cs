using BenchmarkDotNet.Attributes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Start, eight SetVariable/Log activities with literal inputs, Finish: ten activity executions per run.
/// PerActivity is the same run divided by ten (run overhead included); StartFinish is the fixed cost of a
/// run, so (Linear10 - StartFinish) / 8 is the marginal cost of one simple activity.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class LinearFlowBenchmarks
{
    private readonly FlowEngine _engine = new();
    private FlowPlan _linear = null!;
    private FlowPlan _startFinish = null!;

    [GlobalSetup]
    public void Setup()
    {
        _linear = BenchFlows.Prepare(_engine, "linear-10");
        _startFinish = BenchFlows.Prepare(_engine, "start-finish");
        var run = BenchFlows.RunOnce(_engine, _linear);
        if (run.Journal.Count != 10 || run.Logs.Count != 4)
            throw new InvalidOperationException("linear-10 did not run its ten activities");
        BenchFlows.RunOnce(_engine, _startFinish);
    }

    [Benchmark(Description = "Linear10 (per run)")]
    public Task<RunState> Linear10() => _engine.StartAsync(_linear);

    [Benchmark(Description = "Linear10 (per activity)", OperationsPerInvoke = 10)]
    public Task<RunState> Linear10PerActivity() => _engine.StartAsync(_linear);

    [Benchmark(Description = "StartFinish (per run)")]
    public Task<RunState> StartFinish() => _engine.StartAsync(_startFinish);
}

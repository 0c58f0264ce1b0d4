using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Makini.Flows.Engine.Activities.BuiltIn;
using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The cost of JavaScript in a flow. In a run: Start, If, Finish with the condition
/// <c>input.amount &gt; 100</c> versus the literal <c>true</c>; the difference is one evaluation plus
/// creating the run's sandboxed Jint engine, which happens on a run's first script. Directly (through
/// the engine's internals): creating that runtime, and one evaluation on a runtime that already exists.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class JavaScriptBenchmarks
{
    private readonly FlowEngine _engine = new();
    private readonly JsonNode _input = new JsonObject { ["amount"] = 500 };
    private FlowPlan _ifJs = null!;
    private FlowPlan _ifLiteral = null!;
    private RunExecution _execution = null!;
    private CompiledExpression _condition = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ifJs = BenchFlows.Prepare(_engine, "if-js");
        _ifLiteral = BenchFlows.Prepare(_engine, "if-literal");
        BenchFlows.RunOnce(_engine, _ifJs, _input);
        BenchFlows.RunOnce(_engine, _ifLiteral, _input);

        var state = new RunState
        {
            RunId = "bench",
            FlowId = _ifJs.FlowId,
            FlowHash = _ifJs.Hash,
            Input = _input,
        };
        _execution = new RunExecution(_engine, _ifJs, state, 0, CancellationToken.None);
        _condition = ((If)_ifJs.Node("check").Activity).Condition.Expression!;
        if (_condition.Evaluate(_execution, 0)?.GetValue<bool>() != true)
            throw new InvalidOperationException("input.amount > 100 should be true");
    }

    [GlobalCleanup]
    public void Cleanup() => _execution.Dispose();

    [Benchmark(Baseline = true)]
    public Task<RunState> IfLiteralFlow() => _engine.StartAsync(_ifLiteral, _input);

    [Benchmark]
    public Task<RunState> IfJavaScriptFlow() => _engine.StartAsync(_ifJs, _input);

    [Benchmark]
    public void RentJavaScriptRuntime()
    {
        using var runtime = new JavaScriptRuntime(_execution, _engine.JavaScriptEngines);
    }

    [Benchmark]
    public void BuildSandboxedEngine()
    {
        using var engine = new SandboxedEngine(_engine.Options.ScriptLimits);
    }

    [Benchmark]
    public JsonNode? EvaluateOnWarmRuntime() => _condition.Evaluate(_execution, 0);
}

using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Makini.Flows.Engine.Activities.BuiltIn;
using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.ScriptCorpus;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Each case of the script corpus (tests/Makini.Flows.Engine.Tests/ScriptCorpus) as the script users write
/// against the same logic as one expression (the baseline), over the same input: the ratio says how far a script
/// is from its one-expression form (the aim: within 1.5x). One operation is what a run pays for the script: a new
/// run execution, the evaluation (compiled, or in Jint with the run's JavaScript runtime rented and the input
/// converted), then the execution's end. For a case with items, one operation evaluates the script for every
/// item, as a ForEach body would.
/// A few cases: SCRIPT_CORPUS_CASES=001,005 dotnet run -c Release --project bench/Makini.Flows.Benchmarks --
/// --filter '*ScriptCorpusBenchmarks*' (the variable takes id prefixes; without it every case with a
/// one-expression form runs, which takes long).
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class ScriptCorpusBenchmarks
{
    private static readonly Lazy<IReadOnlyList<CorpusCase>> Corpus = new(() =>
        CorpusCase.LoadAll(Path.Combine(AppContext.BaseDirectory, CorpusCase.Folder))
    );

    /// <summary>The ids of the cases with a one-expression form; SCRIPT_CORPUS_CASES (comma-separated prefixes) narrows them.</summary>
    public static IEnumerable<string> CaseIds()
    {
        var only = Environment
            .GetEnvironmentVariable("SCRIPT_CORPUS_CASES")
            ?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Corpus
            .Value.Where(c => c.OneExpression is not null)
            .Where(c => only is null || only.Any(p => c.Id.StartsWith(p, StringComparison.Ordinal)))
            .Select(c => c.Id);
    }

    [ParamsSource(nameof(CaseIds))]
    public string Case { get; set; } = "";

    private readonly FlowEngine _engine = new();
    private Evaluation _script = null!;
    private Evaluation _oneExpression = null!;

    [GlobalSetup]
    public void Setup()
    {
        var c = Corpus.Value.Single(c => c.Id == Case);
        _script = new Evaluation(_engine, c, c.Script, "bench-corpus-script");
        _oneExpression = new Evaluation(_engine, c, c.OneExpression!, "bench-corpus-expression");
        var script = _script.Run();
        var expression = _oneExpression.Run();
        // A known issue of the script (knownIssues.result) makes it give another value than its one-expression form.
        if (!c.KnownIssues.ContainsKey("result") && !JsonNode.DeepEquals(script, expression))
            throw new InvalidOperationException(
                $"{Case}: the script gives {script?.ToJsonString()}, its one-expression form {expression?.ToJsonString()}"
            );
    }

    [Benchmark(Baseline = true)]
    public JsonNode? OneExpression() => _oneExpression.Run();

    [Benchmark]
    public JsonNode? Script() => _script.Run();

    /// <summary>
    /// One script as the SetVariable of the case's flow holds it, evaluated in a run execution of its own. The
    /// input is parsed once per form (so neither sees nodes the other opened); Jint's conversion opens its nodes on
    /// the first operation and finds them open after, where a real run parses its body anew.
    /// </summary>
    private sealed class Evaluation
    {
        private readonly FlowEngine _engine;
        private readonly FlowPlan _plan;
        private readonly CompiledExpression _expression;
        private readonly JsonNode? _input;
        private readonly JsonObject? _vars;
        private readonly JsonArray? _items;

        public Evaluation(FlowEngine engine, CorpusCase c, string script, string flowId)
        {
            _engine = engine;
            _plan = engine.Prepare(c.Flow(script, flowId));
            _expression = ((SetVariable)_plan.Node("evaluate").Activity).Value.Expression!;
            _input = c.Input();
            _vars = c.Vars;
            _items = c.Items;
        }

        public JsonNode? Run()
        {
            var state = new RunState
            {
                RunId = "bench",
                FlowId = _plan.FlowId,
                FlowHash = _plan.Hash,
                Input = _input,
            };
            foreach (var (name, value) in _vars ?? [])
                state.Variables[name] = value;
            state.Variables[CorpusCase.ResultVariable] = null;
            if (_items is null)
            {
                using var execution = new RunExecution(
                    _engine,
                    _plan,
                    state,
                    0,
                    CancellationToken.None
                );
                return _expression.Evaluate(execution, 0);
            }
            var loop = new ScopeState
            {
                Id = 1,
                Parent = 0,
                Owner = "loop",
                Items = _items,
                Index = 0,
            };
            state.Scopes.Add(loop);
            using var loopExecution = new RunExecution(
                _engine,
                _plan,
                state,
                0,
                CancellationToken.None
            );
            var values = new JsonArray();
            for (var i = 0; i < _items.Count; i++)
            {
                loop.Index = i;
                values.Add(_expression.Evaluate(loopExecution, loop.Id));
            }
            return values;
        }
    }
}

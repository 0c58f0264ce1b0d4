using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Jint.Native;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// C# scripts, which compile and run in script-host processes: a warm compile (a new distinct script each
/// time), the round trip of a small cached condition, and the 20-field record mapping sent to a host in batches
/// of 1,000 records (figures per record), beside the same mapping in JavaScript in-process.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class CSharpBenchmarks
{
    private const int Records = 1_000;
    private readonly FlowEngine _engine = new();
    private readonly JsonObject[] _records = Enumerable
        .Range(0, Records)
        .Select(RecordMapping.SourceRecord)
        .ToArray();
    private readonly CSharpContext[] _recordContexts;
    private readonly ScriptOutcome[] _recordOutcomes = new ScriptOutcome[Records];
    private readonly CSharpContext[] _conditionContext =
    [
        new(JsonNode.Parse("""{"amount": 150}"""), null, null, null, -1),
    ];
    private readonly ScriptOutcome[] _conditionOutcome = new ScriptOutcome[1];
    private CSharpExpression _condition = null!;
    private CSharpExpression _mapping = null!;
    private JavaScriptExpression _javaScriptMapping = null!;
    private SandboxedEngine _javaScript = null!;
    private int _distinct;

    public CSharpBenchmarks() =>
        _recordContexts = _records.Select(r => new CSharpContext(null, null, null, r, 0)).ToArray();

    [GlobalSetup]
    public void Setup()
    {
        _condition = CompileCSharp("(double)input![\"amount\"]! > 100");
        _mapping = CompileCSharp(RecordMapping.CSharp);
        _javaScriptMapping = (JavaScriptExpression)
            _engine.Compiler.Compile(InputExpression.FromJavaScript(RecordMapping.JavaScript));
        _javaScript = new SandboxedEngine(_engine.Options.ScriptLimits);
        MapRecordsCSharp();
        var fromCSharp = _recordOutcomes[7].Value;
        var fromJavaScript = MapJavaScript(_records[7]);
        if (!JsonNode.DeepEquals(fromCSharp, fromJavaScript))
            throw new InvalidOperationException(
                $"the mappings differ:\n{fromCSharp?.ToJsonString()}\n{fromJavaScript?.ToJsonString()}"
            );
    }

    [GlobalCleanup]
    public void Cleanup() => _javaScript.Dispose();

    [Benchmark]
    public object CompileWarm()
    {
        var compiled = CompileCSharp($"(double)input![\"amount\"]! > {_distinct++}");
        if (_distinct % 100 == 0)
            _engine.ReleaseCaches();
        return compiled;
    }

    [Benchmark]
    public JsonNode? CachedScriptCall()
    {
        _engine.CSharpHosts.Evaluate(_condition, _conditionContext, _conditionOutcome);
        return _conditionOutcome[0].Value;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public JsonNode? MapRecordCSharp()
    {
        MapRecordsCSharp();
        return _recordOutcomes[^1].Value;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public JsonNode? MapRecordJavaScript()
    {
        JsonNode? last = null;
        foreach (var record in _records)
            last = MapJavaScript(record);
        return last;
    }

    private void MapRecordsCSharp() =>
        _engine.CSharpHosts.Evaluate(_mapping, _recordContexts, _recordOutcomes);

    private JsonNode? MapJavaScript(JsonObject record) =>
        JsToJson.Convert(
            _javaScript.Call(
                _javaScriptMapping,
                [
                    JsValue.Undefined,
                    JsValue.Undefined,
                    JsValue.Undefined,
                    JsonToJs.Convert(_javaScript, record),
                    JsNumber.Create(0),
                ],
                CancellationToken.None
            ),
            int.MaxValue
        );

    private CSharpExpression CompileCSharp(string source) =>
        (CSharpExpression)_engine.Compiler.Compile(InputExpression.FromCSharp(source));
}

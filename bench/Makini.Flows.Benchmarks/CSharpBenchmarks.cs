using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Jint.Native;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// C# scripts: a warm compile (a new distinct script each time; the first compile of a process is timed by
/// <c>-- cold-compile</c>), the per-call cost of a cached script, and the 20-field record mapping in C# and in
/// JavaScript side by side. The mappings run on one thread over 1,000 records per invocation, so the figures
/// are per record; the JavaScript figure includes turning each record into JavaScript and the result back.
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
    private readonly JsonNode _conditionInput = JsonNode.Parse("""{"amount": 150}""")!;
    private readonly JsonObject _vars = [];
    private readonly JsonObject _outputs = [];
    private readonly ScriptGuard _guard = new(new CSharpLimits());
    private CSharpScriptFunction _condition = null!;
    private CSharpScriptFunction _mapping = null!;
    private JavaScriptExpression _javaScriptMapping = null!;
    private SandboxedEngine _javaScript = null!;
    private int _distinct;

    [GlobalSetup]
    public void Setup()
    {
        _condition = CompileCSharp("(double)input![\"amount\"]! > 100").Function;
        _mapping = CompileCSharp(RecordMapping.CSharp).Function;
        _javaScriptMapping = (JavaScriptExpression)
            _engine.Compiler.Compile(InputExpression.FromJavaScript(RecordMapping.JavaScript));
        _javaScript = new SandboxedEngine(_engine.Options.ScriptLimits);
        var fromCSharp = MapCSharp(_records[7]);
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
    public object? CachedScriptCall() =>
        _condition(_conditionInput, _vars, _outputs, null, -1, _guard);

    [Benchmark(OperationsPerInvoke = Records)]
    public JsonNode? MapRecordCSharp()
    {
        JsonNode? last = null;
        foreach (var record in _records)
            last = MapCSharp(record);
        return last;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public JsonNode? MapRecordJavaScript()
    {
        JsonNode? last = null;
        foreach (var record in _records)
            last = MapJavaScript(record);
        return last;
    }

    private JsonNode? MapCSharp(JsonObject record) =>
        (JsonNode?)_mapping(null, _vars, _outputs, record, 0, _guard);

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

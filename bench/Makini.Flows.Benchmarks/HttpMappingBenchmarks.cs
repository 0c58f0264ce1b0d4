using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Makini.Flows.Activities;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The in-process parts of the HTTP load benchmark's request (`-- load`): the flow of
/// <c>Flows/http-mapping.flow.json</c> (HTTP trigger, then an HTTP Response whose body maps 50 work orders with
/// JavaScript) run on an input shaped as the server builds it, and storing the finished run as JSON.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class HttpMappingBenchmarks
{
    private FlowEngine _engine = null!;
    private FlowPlan _plan = null!;

    /// <summary>Whether the mapping runs as compiled .NET code (the default) or in Jint.</summary>
    [Params(true, false)]
    public bool CompiledJavaScript { get; set; }
    private string _body = null!;
    private RunState _finished = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new FlowEngine(
            MakiniActivities.CreateRegistry(),
            new FlowEngineOptions { CompileJavaScript = CompiledJavaScript }
        );
        _plan = BenchFlows.Prepare(_engine, "http-mapping");
        _body = WorkOrders.Json(50);
        _finished = BenchFlows.RunOnce(_engine, _plan, Request());
        if (_finished.Properties["http.response"]?["body"]?.AsArray().Count != 50)
            throw new InvalidOperationException("the flow should answer 50 mapped records");
    }

    private JsonObject Request() =>
        new()
        {
            ["method"] = "POST",
            ["path"] = "load/map",
            ["query"] = new JsonObject(),
            ["headers"] = new JsonObject { ["content-type"] = "application/json" },
            ["body"] = JsonNode.Parse(_body),
        };

    [Benchmark]
    public JsonNode? ParseBody() => JsonNode.Parse(_body);

    [Benchmark]
    public Task<RunState> RunFlow() => _engine.StartAsync(_plan, Request());

    [Benchmark]
    public string SerializeFinishedRun() => RunStateJson.Serialize(_finished);
}

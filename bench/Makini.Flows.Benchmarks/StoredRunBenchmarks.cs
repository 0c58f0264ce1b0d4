using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Makini.Flows.Activities;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// What storing a whole run costs the server, on the load benchmark's case at default settings (the 50 work
/// orders mapped by a short script, journal and outputs kept): the state written as JSON text, as runs were
/// stored before, against the stored form now (its JSON compressed with Brotli). Sizes are printed at setup.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class StoredRunBenchmarks
{
    private RunState _finished = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = new FlowEngine(MakiniActivities.CreateRegistry());
        var flow = LoadFlows.Mapping(
            "stored-run",
            "load/stored",
            LoadFlows.Js(LoadFlows.NaturalScript)
        );
        var plan = engine.Prepare(FlowJson.Deserialize(flow.ToJsonString()));
        var request = new JsonObject
        {
            ["method"] = "POST",
            ["path"] = "load/stored",
            ["query"] = new JsonObject(),
            ["headers"] = new JsonObject { ["content-type"] = "application/json" },
            ["body"] = JsonNode.Parse(WorkOrders.Json(50)),
        };
        _finished = BenchFlows.RunOnce(engine, plan, request);
        var json = Encoding.UTF8.GetByteCount(RunStateJson.Serialize(_finished));
        var stored = CompressedRunState.Encode(_finished).Length;
        Console.WriteLine(
            $"// stored run: JSON {json:N0} bytes, compressed {stored:N0} bytes ({(double)stored / json:P1})"
        );
    }

    [Benchmark(Baseline = true)]
    public string AsJsonText() => RunStateJson.Serialize(_finished);

    [Benchmark]
    public byte[] Compressed() => CompressedRunState.Encode(_finished);
}

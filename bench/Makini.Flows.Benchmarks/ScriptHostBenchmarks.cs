using BenchmarkDotNet.Attributes;
using Makini.Flows.ScriptHost.Execution;
using Makini.Flows.ScriptHost.Protocol;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The script host's side of a batch alone, in this process, without pipes: read 1,000 records from a frame,
/// run the 20-field C# mapping on each, write the results (figures per record).
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class ScriptHostBenchmarks
{
    private const int Records = 1_000;
    private MemoryStream _request = null!;
    private ScriptHostLoop _host = null!;

    [GlobalSetup]
    public void Setup()
    {
        var writer = new FrameWriter();
        writer.Begin(FrameKind.Evaluate);
        writer.WriteString("mapping");
        writer.WriteString(RecordMapping.CSharp);
        writer.WriteInt32(Records);
        for (var i = 0; i < Records; i++)
        {
            writer.WriteNull();
            writer.WriteNull();
            writer.WriteNull();
            writer.WriteJson(
                RecordMapping.SourceRecord(i),
                static (json, node) => node.WriteTo(json)
            );
            writer.WriteInt32(0);
        }
        _request = new MemoryStream();
        writer.WriteTo(_request);
        _host = new ScriptHostLoop(_request, Stream.Null, new HostLimits());
        EvaluateBatch();
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public bool EvaluateBatch()
    {
        _request.Position = 0;
        return _host.ServeOne(out _);
    }
}

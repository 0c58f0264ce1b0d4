using System.Diagnostics;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// C# through the script hosts, measured as an operator sees it: the 20-field mapping in batches (records a
/// second, and CPU a record in the server and in the host, so records per CPU-second are per core), the round trip
/// of a small condition (p50, p99), and how long after a host is killed the next script completes and a
/// replacement is warm.
/// </summary>
internal static class ScriptHostLoad
{
    private const int Batch = 1_000;

    public static void Run(TimeSpan duration)
    {
        var engine = new FlowEngine(
            options: new FlowEngineOptions { CSharpLimits = new CSharpLimits { Hosts = 1 } }
        );
        var hosts = engine.CSharpHosts;
        var mapping = Compile(engine, RecordMapping.CSharp);
        var condition = Compile(engine, "(double)input![\"amount\"]! > 100");
        var records = Enumerable
            .Range(0, Batch)
            .Select(i => new CSharpContext(null, null, null, RecordMapping.SourceRecord(i), 0))
            .ToArray();
        var outcomes = new ScriptOutcome[Batch];
        hosts.Evaluate(mapping, records, outcomes);
        Check(outcomes);

        var host = Process.GetProcessById(hosts.HostProcessIds.Single());
        var watch = Stopwatch.StartNew();
        var serverBefore = Process.GetCurrentProcess().TotalProcessorTime;
        host.Refresh();
        var hostBefore = host.TotalProcessorTime;
        long mapped = 0;
        while (watch.Elapsed < duration)
        {
            hosts.Evaluate(mapping, records, outcomes);
            mapped += Batch;
        }
        var seconds = watch.Elapsed.TotalSeconds;
        host.Refresh();
        var serverCpu = (
            Process.GetCurrentProcess().TotalProcessorTime - serverBefore
        ).TotalSeconds;
        var hostCpu = (host.TotalProcessorTime - hostBefore).TotalSeconds;
        Check(outcomes);
        Console.WriteLine(
            $"mapping, batches of {Batch}: {mapped / seconds:N0} records/s; CPU a record: server {serverCpu / mapped * 1e6:0.00} µs, host {hostCpu / mapped * 1e6:0.00} µs; {mapped / (serverCpu + hostCpu):N0} records per CPU-second"
        );

        var single = new[]
        {
            new CSharpContext(JsonNode.Parse("""{"amount": 150}"""), null, null, null, -1),
        };
        var one = new ScriptOutcome[1];
        var times = new List<double>();
        for (var i = 0; i < 20_000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            hosts.Evaluate(condition, single, one);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
        times.Sort();
        Console.WriteLine(
            $"small condition round trip: p50 {times[times.Count / 2]:0.0} µs, p99 {times[times.Count * 99 / 100]:0.0} µs (20,000 calls)"
        );

        Replacement(condition, single, one);
    }

    /// <summary>
    /// With the default pool (two warm hosts on this machine): the host that served is killed, the next script is
    /// timed, and so is the wait until the pool again has two warm hosts.
    /// </summary>
    private static void Replacement(
        CSharpExpression condition,
        CSharpContext[] single,
        ScriptOutcome[] one
    )
    {
        var engine = new FlowEngine();
        var hosts = engine.CSharpHosts;
        hosts.WarmUp();
        hosts.Evaluate(condition, single, one);
        var killed = hosts.HostProcessIds[0];
        var started = Stopwatch.GetTimestamp();
        Process.GetProcessById(killed).Kill();
        Process.GetProcessById(killed).WaitForExit();
        for (var i = 0; i < 4; i++)
            hosts.Evaluate(condition, single, one);
        var served = Stopwatch.GetElapsedTime(started);
        if (one[0].Error is { } error)
            throw new InvalidOperationException(error);
        while (hosts.HostProcessIds.Count(pid => pid != killed) < 2)
            Thread.Sleep(10);
        var replaced = Stopwatch.GetElapsedTime(started);
        Console.WriteLine(
            $"a host of two killed (SIGKILL): the next four scripts completed {served.TotalMilliseconds:0} ms after the kill; two warm hosts again after {replaced.TotalMilliseconds:0} ms"
        );
    }

    private static CSharpExpression Compile(FlowEngine engine, string source) =>
        (CSharpExpression)engine.Compiler.Compile(InputExpression.FromCSharp(source));

    private static void Check(ScriptOutcome[] outcomes)
    {
        if (outcomes.FirstOrDefault(o => o.Error is not null).Error is { } error)
            throw new InvalidOperationException(error);
    }
}

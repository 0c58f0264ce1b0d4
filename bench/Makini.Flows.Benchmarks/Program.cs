using System.Diagnostics;
using BenchmarkDotNet.Running;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;

// Run all: dotnet run -c Release --project bench/Makini.Flows.Benchmarks -- --filter '*' --job short --iterationCount 15
// (15 iterations instead of 3 because the 2-core machine is shared; see docs/benchmarks.md)
// First C# compile of a fresh process: dotnet run -c Release --project bench/Makini.Flows.Benchmarks -- cold-compile
if (args is ["cold-compile"])
{
    var engine = new FlowEngine();
    var watch = Stopwatch.StartNew();
    engine.ValidateExpression(InputExpression.FromCSharp("(double)input![\"amount\"]! > 100"));
    Console.WriteLine(
        $"cold compile (first C# script of the process): {watch.Elapsed.TotalMilliseconds:0} ms"
    );
    watch.Restart();
    engine.ValidateExpression(InputExpression.FromCSharp("(double)input![\"amount\"]! > 200"));
    Console.WriteLine($"second compile: {watch.Elapsed.TotalMilliseconds:0} ms");
    return;
}

// C# through the script hosts: mapping throughput and CPU a record, round trip, replacement after a kill
if (args is ["script-hosts", ..])
{
    Makini.Flows.Benchmarks.ScriptHostLoad.Run(
        TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10)
    );
    return;
}

// Server memory after start and over many hostile runs (needs Release builds): ... -- hostile-memory [runs]
if (args is ["hostile-memory", ..])
{
    await Makini.Flows.Benchmarks.HostileMemory.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 10_000
    );
    return;
}

// Server memory and CPU with many connections probed (needs Release builds): ... -- connections [count] [minutes]
if (args is ["connections", ..])
{
    await Makini.Flows.Benchmarks.ConnectionsMemory.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 10_000,
        args.Length > 2 ? int.Parse(args[2]) : 3
    );
    return;
}

// A sync end to end on one server with the Demo CMMS (needs Release builds): ... -- demo-sync
if (args is ["demo-sync"])
{
    await Makini.Flows.Benchmarks.DemoSync.RunAsync();
    return;
}

// Sync throughput from a local MaintainX-like source over HTTP (needs Release builds):
// ... -- sync-throughput [records] [pageSize] [sqlite|postgres|both]
if (args is ["sync-throughput", ..])
{
    await Makini.Flows.Benchmarks.SyncThroughput.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 100_000,
        args.Length > 2 ? int.Parse(args[2]) : 1_000,
        args.Length > 3 ? args[3] : "both"
    );
    return;
}

// The records API with a million work orders on PostgreSQL (needs Release builds):
// ... -- records-query [count] [requests] [custom-fields]
if (args is ["records-query", ..])
{
    var numbers = args.Skip(1).Where(a => a.All(char.IsAsciiDigit)).Select(int.Parse).ToList();
    await Makini.Flows.Benchmarks.RecordsQuery.RunAsync(
        numbers.Count > 0 ? numbers[0] : 1_000_000,
        numbers.Count > 1 ? numbers[1] : 1_000,
        args.Contains("custom-fields")
    );
    return;
}

// HTTP load benchmark (needs Release builds and wrk): ... -- load [seconds] [warm-up seconds] [rounds]
if (args is ["load", ..])
{
    await Makini.Flows.Benchmarks.LoadTest.RunAsync(
        TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10),
        TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2]) : 30),
        args.Length > 3 ? int.Parse(args[3]) : 1
    );
    return;
}

// Background runs/s on PostgreSQL, one and two nodes (needs Release builds): ... -- background
if (args is ["background"])
{
    await Makini.Flows.Benchmarks.BackgroundLoad.RunAsync();
    return;
}

// Signed webhook deliveries/s on PostgreSQL, one and two nodes (needs Release builds): ... -- webhooks [events] [lean]
if (args is ["webhooks", ..])
{
    await Makini.Flows.Benchmarks.WebhookLoad.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 5000,
        args.Contains("lean")
    );
    return;
}

// Schedule lag with many schedules on PostgreSQL, one and two nodes (needs Release builds):
// ... -- schedules [count] [seconds] [staggered]
if (args is ["schedules", ..])
{
    var numbers = args.Skip(1).Where(a => a.All(char.IsAsciiDigit)).Select(int.Parse).ToList();
    await Makini.Flows.Benchmarks.ScheduleLoad.RunAsync(
        numbers.Count > 0 ? numbers[0] : 1000,
        numbers.Count > 1 ? numbers[1] : 60,
        args.Contains("staggered")
    );
    return;
}

// Sync start lag with many connections on PostgreSQL (needs Release builds):
// ... -- sync-schedule [connections] [interval minutes] [window minutes]
if (args is ["sync-schedule", ..])
{
    await Makini.Flows.Benchmarks.SyncScheduleLoad.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 10_000,
        args.Length > 2 ? int.Parse(args[2]) : 15,
        args.Length > 3 ? int.Parse(args[3]) : 5
    );
    return;
}

// Records projected into the unified model per second per core, by CPU time (steadier than wall time on a shared
// machine): ... -- projection [seconds]
if (args is ["projection", ..])
{
    await Makini.Flows.Benchmarks.RecordProjectionBenchmarks.MeasureCpuAsync(
        TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10)
    );
    return;
}

// Per-connection mappings: records projected per CPU-second with the default, a declarative document, JS and C#
// custom fields (C# counts the script host's CPU too): ... -- mapping-projection [seconds] [name prefix]
if (args is ["mapping-projection", ..])
{
    await Makini.Flows.Benchmarks.MappingProjectionBenchmarks.MeasureCpuAsync(
        TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 5),
        args.Length > 2 ? args[2] : null
    );
    return;
}

// Saving a mapping over stored work orders (needs Release builds): ... -- mapping-save [records] [sqlite|postgres|both]
if (args is ["mapping-save", ..])
{
    await Makini.Flows.Benchmarks.MappingSave.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 100_000,
        args.Length > 2 ? args[2] : "both"
    );
    return;
}

// Every outcome of many mapping documents over the Demo page, written to FILE to compare two builds: ... -- mapping-dump FILE
if (args is ["mapping-dump", var dumpFile])
{
    await Makini.Flows.Benchmarks.MappingDump.RunAsync(dumpFile);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

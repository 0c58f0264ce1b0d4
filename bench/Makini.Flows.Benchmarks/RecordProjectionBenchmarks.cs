using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Makini.Flows.Connectors.Demo;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Projecting source records into the unified model, as a sync does for every record it reads: work orders read
/// once from the MaintainX fake (connectors/maintainx.json, 16 mapped fields) and from the Demo CMMS in process
/// (connectors/demo-cmms.json, 18), then projected again and again: the unified text and hash a store writes, and
/// once with the unified JSON tree built as well. The baseline is the least any sync does with a record: keep the
/// source's text and hash it. Figures per record.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class RecordProjectionBenchmarks
{
    private const int Records = 10_000;
    private Source _maintainX = null!;
    private Source _demo = null!;

    [GlobalSetup]
    public void Setup()
    {
        _maintainX = ReadMaintainX().GetAwaiter().GetResult();
        _demo = ReadDemo().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public int SourceTextAndHash()
    {
        var total = 0;
        foreach (var record in _maintainX.Records)
        {
            var text = record.GetRawText();
            total += SHA256.HashData(Encoding.UTF8.GetBytes(text))[0] + text.Length;
        }
        return total;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public int MaintainXWorkOrders() => Project(_maintainX);

    [Benchmark(OperationsPerInvoke = Records)]
    public int DemoCmmsWorkOrders() => Project(_demo);

    /// <summary>With the unified record's JSON tree built too (what an entity event of each record would need).</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public int MaintainXWorkOrdersWithTree()
    {
        var total = 0;
        foreach (var record in _maintainX.Records)
            total += RecordProjection
                .Project(_maintainX.Stream, _maintainX.Entity, record)
                .Unified.Count;
        return total;
    }

    /// <summary>
    /// Projects each source's work orders for a while and prints records per second of the process's CPU time (the
    /// GC's included) and of wall time.
    /// </summary>
    public static async Task MeasureCpuAsync(TimeSpan each)
    {
        foreach (
            var (name, source) in new[]
            {
                ("MaintainX work orders", await ReadMaintainX()),
                ("Demo CMMS work orders", await ReadDemo()),
            }
        )
        {
            for (var warm = 0; warm < 20; warm++)
                Project(source);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var wall = System.Diagnostics.Stopwatch.StartNew();
            long records = 0;
            while (wall.Elapsed < each)
            {
                Project(source);
                records += source.Records.Length;
            }
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            Console.WriteLine(
                $"{name}: {records:N0} records, {cpu.TotalMicroseconds / records:0.00} µs CPU each, "
                    + $"{records / cpu.TotalSeconds:N0} records/s per core, {records / wall.Elapsed.TotalSeconds:N0}/s by wall time"
            );
        }
    }

    private static int Project(Source source)
    {
        var total = 0;
        foreach (var record in source.Records)
        {
            var projected = RecordProjection.Project(source.Stream, source.Entity, record);
            total += projected.Hash.Length + projected.UnifiedJson.Length;
        }
        return total;
    }

    internal sealed record Source(StreamSpec Stream, UnifiedEntity Entity, JsonElement[] Records);

    private static async Task<Source> ReadMaintainX()
    {
        await using var fake = new MaintainXFake();
        await fake.StartAsync();
        using var runtime = new ConnectorRuntime(new SocketsHttpHandler(), TimeProvider.System);
        return await Read(
            runtime,
            "maintainx",
            new Dictionary<string, string?>
            {
                ["instanceUrl"] = fake.InstanceUrl,
                ["apiKey"] = MaintainXFake.ApiKey,
            }
        );
    }

    internal static async Task<Source> ReadDemo(int records = Records)
    {
        var demo = new DemoCmms(TimeProvider.System);
        using var runtime = new ConnectorRuntime(
            new SocketsHttpHandler(),
            TimeProvider.System,
            new ConnectorRuntimeOptions
            {
                InProcessHosts = new Dictionary<string, HttpMessageHandler>
                {
                    [DemoCmms.Host] = demo.Handler,
                },
            }
        );
        return await Read(
            runtime,
            "demo-cmms",
            new Dictionary<string, string?>
            {
                ["username"] = DemoCredentials.Username,
                ["password"] = DemoCredentials.Password,
            },
            records
        );
    }

    // Every work order of the source, repeated up to Records.
    private static async Task<Source> Read(
        ConnectorRuntime runtime,
        string connector,
        Dictionary<string, string?> credentials,
        int records = Records
    )
    {
        var problems = new List<FlowProblem>();
        var manifest =
            ManifestReader.Read(
                File.ReadAllText(Path.Combine(RepositoryRoot(), "connectors", connector + ".json")),
                problems
            ) ?? throw new InvalidOperationException(string.Join("\n", problems));
        var client = runtime.Client(
            manifest with
            {
                RateLimit = null,
            },
            "con_bench",
            CredentialValues.Resolve(manifest, credentials, problems)
                ?? throw new InvalidOperationException(string.Join("\n", problems))
        );
        var read = new List<JsonElement>();
        await foreach (var page in client.ReadAsync("work-orders", new ReadOptions(), default))
            read.AddRange(page.Records);
        return new Source(
            manifest.Stream("work-orders")!,
            UnifiedModel.Find("work-orders")!,
            [.. Enumerable.Range(0, records).Select(i => read[i % read.Count])]
        );
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Makini.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Makini.sln not found");
    }
}

using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.Records;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Per-connection mappings (issue 17): a page of 1,000 Demo CMMS work orders (read once from the Demo in process)
/// projected as a sync, a preview or a save's re-projection does, with <see cref="ConnectionMapping.Project"/>: the
/// connector's default mapping (the baseline), a declarative document, and documents with one JavaScript or C#
/// custom field (C# through a script-host process). The parts are measured too: a script's evaluation alone
/// (<see cref="RecordScript.Evaluate"/> over the page), without the merge into the records. Figures per record.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class MappingProjectionBenchmarks
{
    public const int Records = 1_000;

    /// <summary>3 remapped paths, 2 value tables, a type conversion, 3 declarative custom fields.</summary>
    public const string Declarative = """
        {
          "fields": {
            "title": "/description",
            "instructions": "/title",
            "laborAssignedKey": "/requestedById",
            "severity": { "path": "/priority", "values": { "critical": "P1", "high": "P2", "medium": "P3", "low": "P4" } },
            "statusKey": {
              "path": "/status",
              "values": { "open": "OPEN", "in_progress": "WIP", "on_hold": "HOLD", "completed": "DONE", "cancelled": "CANC" }
            },
            "estimatedTime": { "path": "/estimatedHours", "type": "number" }
          },
          "customFields": {
            "costCenter": { "type": "string", "path": "/siteId" },
            "estimatedHours": { "type": "number", "path": "/estimatedHours" },
            "workType": { "type": "string", "path": "/type", "values": { "corrective": "CM", "preventive": "PM", "inspection": "IN" } }
          }
        }
        """;

    public const string JsConcat = "'CC-' + raw.siteId";

    public const string JsStatements = """
        const hours = raw.estimatedHours || 0;
        const band = hours >= 8 ? 'long' : hours >= 2 ? 'medium' : 'short';
        band + '-' + raw.priority.toUpperCase()
        """;

    public const string CSharpConcat = "\"CC-\" + (string)raw[\"siteId\"]";

    public const string CSharpStatements = """
        var hours = (double)raw["estimatedHours"]!;
        var band = hours >= 8 ? "long" : hours >= 2 ? "medium" : "short";
        band + "-" + ((string)raw["priority"]!).ToUpperInvariant()
        """;

    private FlowEngine _engine = null!;
    private RecordProjectionBenchmarks.Source _source = null!;
    private ConnectionMapping _default = null!;
    private ConnectionMapping _declarative = null!;
    private ConnectionMapping _jsConcat = null!;
    private ConnectionMapping _jsStatements = null!;
    private ConnectionMapping _cSharpConcat = null!;
    private ConnectionMapping _cSharpStatements = null!;
    private RecordScript _jsScript = null!;
    private RecordScript _cSharpScript = null!;
    private JsonElement[] _noRecords = null!;
    private RecordScriptResult[] _results = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = Engine();
        _source = RecordProjectionBenchmarks.ReadDemo(Records).GetAwaiter().GetResult();
        _default = ConnectionMapping.Default(_source.Stream, _source.Entity);
        _declarative = Compile(_engine, _source, Declarative);
        _jsConcat = Compile(_engine, _source, CustomField("js", JsConcat));
        _jsStatements = Compile(_engine, _source, CustomField("js", JsStatements));
        _cSharpConcat = Compile(_engine, _source, CustomField("csharp", CSharpConcat));
        _cSharpStatements = Compile(_engine, _source, CustomField("csharp", CSharpStatements));
        _jsScript = RecordScript.Compile(_engine, ScriptLanguage.JavaScript, JsConcat);
        _cSharpScript = RecordScript.Compile(_engine, ScriptLanguage.CSharp, CSharpConcat);
        _noRecords = new JsonElement[Records];
        _results = new RecordScriptResult[Records];
        foreach (
            var mapping in new[]
            {
                _declarative,
                _jsConcat,
                _jsStatements,
                _cSharpConcat,
                _cSharpStatements,
            }
        )
            Check(mapping, _source.Records);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public int ConnectorDefault() => Sum(_default.Project(_source.Records));

    [Benchmark(OperationsPerInvoke = Records)]
    public int DeclarativeDocument() => Sum(_declarative.Project(_source.Records));

    [Benchmark(OperationsPerInvoke = Records)]
    public int JavaScriptConcat() => Sum(_jsConcat.Project(_source.Records));

    [Benchmark(OperationsPerInvoke = Records)]
    public int JavaScriptStatements() => Sum(_jsStatements.Project(_source.Records));

    [Benchmark(OperationsPerInvoke = Records)]
    public int CSharpConcatField() => Sum(_cSharpConcat.Project(_source.Records));

    [Benchmark(OperationsPerInvoke = Records)]
    public int CSharpStatementsField() => Sum(_cSharpStatements.Project(_source.Records));

    /// <summary>The JavaScript concatenation evaluated over the page, nothing merged into records.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public int JavaScriptConcatEvaluationOnly()
    {
        _jsScript.Evaluate(_source.Records, _noRecords, _results);
        return _results.Length;
    }

    /// <summary>The C# concatenation evaluated over the page in a script host, nothing merged into records.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public int CSharpConcatEvaluationOnly()
    {
        _cSharpScript.Evaluate(_source.Records, _noRecords, _results);
        return _results.Length;
    }

    private static int Sum(ProjectedRecord[] projected)
    {
        var total = 0;
        foreach (var record in projected)
            total += record.UnifiedJson.Length + record.Hash.Length;
        return total;
    }

    public static FlowEngine Engine() =>
        new(options: new FlowEngineOptions { CSharpLimits = new CSharpLimits { Hosts = 1 } });

    public static string CustomField(string language, string script) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["customFields"] = new System.Text.Json.Nodes.JsonObject
            {
                ["costCenter"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["type"] = "string",
                    [language] = script,
                },
            },
        }.ToJsonString();

    internal static ConnectionMapping Compile(
        FlowEngine engine,
        RecordProjectionBenchmarks.Source source,
        string json
    )
    {
        var problems = new List<FlowProblem>();
        return MappingCompiler.Compile(source.Stream, source.Entity, json, engine, 1, problems)
            ?? throw new InvalidOperationException(
                string.Join("\n", problems.Select(p => $"{p.Pointer}: {p.Message}"))
            );
    }

    /// <summary>Every record projected, none with a mapping error.</summary>
    internal static void Check(ConnectionMapping mapping, JsonElement[] records)
    {
        var projected = mapping.Project(records);
        if (projected.Length != records.Length)
            throw new InvalidOperationException("records lost");
        if (projected.FirstOrDefault(p => p.MappingErrors.Count > 0) is { } failed)
            throw new InvalidOperationException(
                $"mapping error: {failed.MappingErrors[0].Field}: {failed.MappingErrors[0].Message}"
            );
    }

    /// <summary>
    /// `-- mapping-projection [seconds] [name prefix]`: each mapping (or those whose name starts so) projects the page again and again for a while; prints µs of
    /// CPU a record (this process and, for C#, the script host's) and records per CPU-second (per core) and per
    /// second of wall time.
    /// </summary>
    public static async Task MeasureCpuAsync(TimeSpan each, string? only = null)
    {
        var engine = Engine();
        var source = await RecordProjectionBenchmarks.ReadDemo(Records);
        Console.WriteLine(
            $"{source.Records.Length:N0} Demo CMMS work orders a page ({source.Records.Select(r => r.GetProperty("id").GetString()).Distinct().Count():N0} distinct), first: {source.Records[0].GetRawText()}"
        );
        var mappings = new (string Name, ConnectionMapping Mapping)[]
        {
            ("connector default", ConnectionMapping.Default(source.Stream, source.Entity)),
            ("declarative document", Compile(engine, source, Declarative)),
            ("JS 'CC-' + raw.siteId", Compile(engine, source, CustomField("js", JsConcat))),
            ("JS, 3 statements", Compile(engine, source, CustomField("js", JsStatements))),
            (
                "C# \"CC-\" + (string)raw[\"siteId\"]",
                Compile(engine, source, CustomField("csharp", CSharpConcat))
            ),
            ("C#, 3 statements", Compile(engine, source, CustomField("csharp", CSharpStatements))),
        };
        var sample = mappings[2].Mapping.Project(source.Records[0]);
        Console.WriteLine($"JS custom field, first record: {sample.UnifiedJson}");
        var results = new RecordScriptResult[source.Records.Length];
        var noRecords = new JsonElement[source.Records.Length];
        var runs = mappings
            .Select(m =>
                (
                    m.Name,
                    CSharp: m.Mapping.Document.CustomFields.Any(f =>
                        f.Value?["csharp"] is not null
                    ),
                    Run: (Action)(() => m.Mapping.Project(source.Records))
                )
            )
            .Concat(
                new (string, ScriptLanguage, string)[]
                {
                    ("JS 'CC-' + raw.siteId", ScriptLanguage.JavaScript, JsConcat),
                    ("JS, 3 statements", ScriptLanguage.JavaScript, JsStatements),
                    ("C# \"CC-\" + (string)raw[\"siteId\"]", ScriptLanguage.CSharp, CSharpConcat),
                    ("C#, 3 statements", ScriptLanguage.CSharp, CSharpStatements),
                }.Select(s =>
                {
                    var script = RecordScript.Compile(engine, s.Item2, s.Item3);
                    return (
                        Name: s.Item1 + ", evaluation alone",
                        CSharp: s.Item2 == ScriptLanguage.CSharp,
                        Run: (Action)(() => script.Evaluate(source.Records, noRecords, results))
                    );
                })
            );
        foreach (var mapping in mappings)
            Check(mapping.Mapping, source.Records);
        foreach (var (name, cSharp, run) in runs)
        {
            if (only is not null && !name.StartsWith(only, StringComparison.Ordinal))
                continue;
            for (var warm = 0; warm < 20; warm++)
                run();
            var hosts = engine.CSharpHosts.HostProcessIds.Select(Process.GetProcessById).ToList();
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var hostBefore = hosts.Sum(h => h.TotalProcessorTime.TotalSeconds);
            var wall = Stopwatch.StartNew();
            long records = 0;
            while (wall.Elapsed < each)
            {
                run();
                records += source.Records.Length;
            }
            self.Refresh();
            foreach (var host in hosts)
                host.Refresh();
            var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
            var hostCpu = hosts.Sum(h => h.TotalProcessorTime.TotalSeconds) - hostBefore;
            Console.WriteLine(
                $"{name}: {records:N0} records, CPU µs a record {cpu / records * 1e6:0.00}"
                    + (cSharp ? $" + host {hostCpu / records * 1e6:0.00}" : "")
                    + $", {records / (cpu + (cSharp ? hostCpu : 0)):N0} records per CPU-second, {records / wall.Elapsed.TotalSeconds:N0}/s by wall time"
            );
        }
    }
}

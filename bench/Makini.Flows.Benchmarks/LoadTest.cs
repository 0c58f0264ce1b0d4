using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The HTTP load benchmark (`-- load [seconds] [warm-up seconds] [rounds]`): flows written as users write them,
/// each on a server and database of its own, against hand-written ASP.NET Core endpoints doing the same work
/// (bench/Makini.Flows.LoadBaseline), at concurrency 1 and 16, on loopback. With two cores or more, every server
/// runs on core 0 and the load generator (<c>wrk</c>) with the webhook receiver on core 1. Prints requests a
/// second, p50/p99 and the CPU each request cost the server (with its script hosts), then the servers' memory.
/// Needs Release builds of the server and the baseline (`dotnet build -c Release`) and wrk.
/// </summary>
internal static class LoadTest
{
    private const string Key = "mk_loadTestAdminKey0123456789abcdefgh";
    private const string ServerCores = "0";
    private const string LoadCores = "1";

    private sealed record Target(
        string Name,
        Process Process,
        string Url,
        string Body,
        string Reference
    )
    {
        public List<Wrk.Result> Rounds { get; } = [];
        public List<double> CpuPerRequest { get; } = [];
    }

    public static async Task RunAsync(TimeSpan measure, TimeSpan warmUp, int rounds)
    {
        var pinned = Environment.ProcessorCount >= 2;
        var mapping = WorkOrders.Json(50);
        var workOrder = WorkOrders.One(7);
        var servers = new List<(string Name, Process Process, string Database)>();
        var receiverPort = FreePort();
        using var receiver = Start("Makini.Flows.LoadBaseline", receiverPort, []);
        var baselinePort = FreePort();
        var receiverUrl = $"http://127.0.0.1:{receiverPort}/receive";
        using var baseline = Start(
            "Makini.Flows.LoadBaseline",
            baselinePort,
            new() { ["RECEIVER_URL"] = receiverUrl, ["WEBHOOK_SECRET"] = LoadFlows.WebhookSecret }
        );
        try
        {
            var flows = new (string Name, JsonObject Flow, string Path, string Body)[]
            {
                (
                    "flow: script, default settings",
                    LoadFlows.Mapping(
                        "load-natural",
                        "load/natural",
                        LoadFlows.Js(LoadFlows.NaturalScript)
                    ),
                    "load/natural",
                    mapping
                ),
                (
                    "flow: script, run summaries",
                    LoadFlows.Mapping(
                        "load-natural-summary",
                        "load/natural-summary",
                        LoadFlows.Js(LoadFlows.NaturalScript),
                        new JsonObject { ["completedRuns"] = "summary" }
                    ),
                    "load/natural-summary",
                    mapping
                ),
                (
                    "flow: one expression, default settings",
                    LoadFlows.Mapping(
                        "load-expression",
                        "load/expression",
                        LoadFlows.Js(LoadFlows.OneExpression)
                    ),
                    "load/expression",
                    mapping
                ),
                (
                    "flow: C#, default settings",
                    LoadFlows.Mapping("load-csharp", "load/csharp", LoadFlows.Cs(LoadFlows.CSharp)),
                    "load/csharp",
                    mapping
                ),
                (
                    "flow: signed webhook, default settings",
                    LoadFlows.Webhook("load/webhook", receiverUrl),
                    "load/webhook",
                    workOrder
                ),
            };
            var urls = new List<string>();
            foreach (var (name, _, _, _) in flows)
            {
                var port = FreePort();
                var database = Path.Combine(
                    Path.GetTempPath(),
                    $"makini-load-{Guid.NewGuid():N}.db"
                );
                servers.Add((name, StartServer(port, database), database));
                urls.Add($"http://127.0.0.1:{port}");
            }
            await WaitUntilUpAsync($"http://127.0.0.1:{baselinePort}/receive");
            await WaitUntilUpAsync(receiverUrl);
            for (var i = 0; i < flows.Length; i++)
            {
                await WaitUntilUpAsync(urls[i] + "/health", get: true);
                await PublishAsync(urls[i], flows[i].Flow);
            }
            var idle = servers.Select(s => ProcessTree.ResidentMb(s.Process.Id).Now).ToArray();
            if (pinned)
            {
                foreach (var (_, process, _) in servers)
                    ProcessTree.Pin(process.Id, ServerCores);
                ProcessTree.Pin(baseline.Id, ServerCores);
                ProcessTree.Pin(receiver.Id, LoadCores);
            }
            var baselineUrl = $"http://127.0.0.1:{baselinePort}";
            var targets = new List<Target>
            {
                new("hand-written, typed (reference)", baseline, baselineUrl + "/map", mapping, ""),
                new("hand-written, JsonNode", baseline, baselineUrl + "/map-node", mapping, "map"),
            };
            for (var i = 0; i < flows.Length; i++)
                targets.Add(
                    new(
                        flows[i].Name,
                        servers[i].Process,
                        $"{urls[i]}/hooks/{flows[i].Path}",
                        flows[i].Body,
                        flows[i].Body == mapping ? "map" : "webhook"
                    )
                );
            targets.Add(
                new(
                    "hand-written signed webhook (reference)",
                    baseline,
                    baselineUrl + "/webhook",
                    workOrder,
                    ""
                )
            );

            // Steady state: the JIT takes a loaded server tens of seconds to reach its final code (Jint's
            // interpreter most of all), so each target is first driven at full load before anything is measured.
            foreach (var target in targets)
                await WarmUpAsync(target, warmUp, pinned);
            Console.WriteLine(
                $"{(pinned ? "servers pinned to core 0, wrk and the webhook receiver to core 1" : "one core: nothing pinned")}; each target warmed up {warmUp.TotalSeconds:0} s at concurrency 16, then {measure.TotalSeconds:0} s measured per cell, {rounds} round(s), median round shown"
            );
            Console.WriteLine();
            Console.WriteLine(
                "| target | concurrency | requests/s | of its reference | p50 ms | p99 ms | server CPU µs/request |"
            );
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var concurrency in new[] { 1, 16 })
            {
                foreach (var target in targets)
                {
                    target.Rounds.Clear();
                    target.CpuPerRequest.Clear();
                }
                for (var round = 0; round < rounds; round++)
                    foreach (var target in targets)
                        await MeasureAsync(target, concurrency, measure, pinned);
                Print(targets, concurrency);
            }
            Console.WriteLine();
            Console.WriteLine("| server | resident MB after start | peak resident MB |");
            Console.WriteLine("|---|---:|---:|");
            for (var i = 0; i < servers.Count; i++)
                Console.WriteLine(
                    $"| {servers[i].Name} | {idle[i]:N0} | {ProcessTree.ResidentMb(servers[i].Process.Id).Peak:N0} |"
                );
            Console.WriteLine(
                $"| hand-written endpoints | | {ProcessTree.ResidentMb(baseline.Id).Peak:N0} |"
            );
        }
        finally
        {
            Stop(receiver);
            Stop(baseline);
            foreach (var (_, process, database) in servers)
            {
                Stop(process);
                foreach (
                    var file in Directory.GetFiles(
                        Path.GetDirectoryName(database)!,
                        Path.GetFileName(database) + "*"
                    )
                )
                    File.Delete(file);
            }
        }
    }

    private static async Task WarmUpAsync(Target target, TimeSpan warmUp, bool pinned)
    {
        using var wrk = new Wrk(target.Body);
        await wrk.RunAsync(target.Url, 16, warmUp, pinned ? LoadCores : null);
    }

    private static async Task MeasureAsync(
        Target target,
        int concurrency,
        TimeSpan measure,
        bool pinned
    )
    {
        using var wrk = new Wrk(target.Body);
        var cores = pinned ? LoadCores : null;
        // Opens this concurrency's connections and lets the server settle after the previous target.
        await wrk.RunAsync(target.Url, concurrency, TimeSpan.FromSeconds(2), cores);
        var cpuBefore = ProcessTree.Cpu(target.Process.Id);
        var result = await wrk.RunAsync(target.Url, concurrency, measure, cores);
        var cpu = ProcessTree.Cpu(target.Process.Id) - cpuBefore;
        target.Rounds.Add(result);
        target.CpuPerRequest.Add(cpu.TotalMicroseconds / result.Requests);
    }

    private static void Print(List<Target> targets, int concurrency)
    {
        Wrk.Result Median(Target t) =>
            t.Rounds.OrderBy(r => r.PerSecond).ElementAt(t.Rounds.Count / 2);
        var references = new Dictionary<string, double>
        {
            ["map"] = Median(targets[0]).PerSecond,
            ["webhook"] = Median(targets[^1]).PerSecond,
        };
        foreach (var target in targets)
        {
            var result = Median(target);
            var share =
                target.Reference == ""
                    ? ""
                    : $"{result.PerSecond / references[target.Reference]:P0}";
            var cpu = target.CpuPerRequest.Order().ElementAt(target.CpuPerRequest.Count / 2);
            Console.WriteLine(
                $"| {target.Name} | {concurrency} | {result.PerSecond:N0} | {share} | {result.P50Ms:0.00} | {result.P99Ms:0.00} | {cpu:N0} |"
            );
        }
    }

    private static Process StartServer(int port, string database) =>
        Start(
            "Makini.Flows.Server",
            port,
            new()
            {
                ["Database__ConnectionString"] = $"Data Source={database}",
                ["MAKINI_ADMIN_KEY"] = Key,
                ["Samples__Folder"] = Path.Combine(Path.GetTempPath(), "makini-no-samples"),
                ["Outbound__AllowedRanges__0"] = "127.0.0.1/32",
                [$"Hooks__Secrets__{LoadFlows.WebhookSecretName}"] = LoadFlows.WebhookSecret,
            }
        );

    private static async Task PublishAsync(string serverUrl, JsonNode flow)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        var response = await client.PostAsync(
            serverUrl + "/api/flows/import?publish=true",
            new StringContent(flow.ToJsonString(), Encoding.UTF8, "application/json")
        );
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"publishing failed: {await response.Content.ReadAsStringAsync()}"
            );
    }

    private static Process Start(string project, int port, Dictionary<string, string> environment)
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(
            root,
            project.StartsWith("Makini.Flows.Server") ? "" : "bench",
            project,
            "bin",
            "Release",
            "net10.0",
            project + ".dll"
        );
        if (!File.Exists(dll))
            throw new FileNotFoundException("build Release first: dotnet build -c Release", dll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
    }

    private static async Task WaitUntilUpAsync(string url, bool get = false)
    {
        using var client = new HttpClient();
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            try
            {
                var response = get
                    ? await client.GetAsync(url)
                    : await client.PostAsync(
                        url,
                        new StringContent("{}", Encoding.UTF8, "application/json")
                    );
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} did not come up in 120 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (
            directory is not null && !File.Exists(Path.Combine(directory.FullName, "Makini.sln"))
        )
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Makini.sln not found");
    }
}
